//! A respondent on a phone, and in a survey embedded on another site, after a
//! refused submit: the scale fits the screen, the browser checks e-mails as
//! the server does, and the errors come into view with focus on them.

use crate::support::*;
use serde_json::{json, Value};
use std::time::Duration;

fn long_survey() -> Value {
    let mut questions = vec![
        json!({"id": "email", "type": "email", "text": "Twój e-mail", "required": true}),
        json!({"id": "nps", "type": "scale", "text": "Czy polecisz nas znajomym?", "min": 0, "max": 10, "required": true}),
    ];
    // Enough questions that the submit button is far below the errors.
    for n in 1..=8 {
        questions.push(
            json!({"id": format!("p{n}"), "type": "textarea", "text": format!("Pytanie {n}")}),
        );
    }
    json!({"slug": "dluga", "title": "Długa ankieta", "language": "pl", "questions": questions})
}

async fn script(visit: &Visit, code: &str) -> Value {
    visit.client.execute(code, vec![]).await.expect(code)
}

#[tokio::test]
async fn a_respondent_on_a_phone_and_in_an_embed_sees_what_to_fix() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("respondent").await;
    setup.import(&long_survey()).await;
    let visit = &mut setup.visit;

    // A 320 px phone: 0–10 in one row, every box a usable touch target.
    visit.client.set_window_size(320, 900).await.unwrap();
    visit.goto("/s/dluga").await;
    let layout = script(
        visit,
        "var boxes = Array.from(document.querySelectorAll('.choices.scale .choice'));
         return {width: window.innerWidth,
                 rows: new Set(boxes.map(b => Math.round(b.getBoundingClientRect().top))).size,
                 narrowest: Math.min.apply(null, boxes.map(b => b.getBoundingClientRect().width)),
                 count: boxes.length,
                 overflow: document.documentElement.scrollWidth > window.innerWidth}",
    )
    .await;
    assert_eq!(layout["count"], 11, "{layout}");
    visit.shot_at("phone-320", 320).await;
    assert_eq!(layout["rows"], 1, "0-10 in one row: {layout}");
    assert!(layout["narrowest"].as_f64().unwrap() >= 24.0, "{layout}");
    assert_eq!(layout["overflow"], false, "no sideways scrolling: {layout}");

    // The browser refuses an address the server would refuse.
    let validity = script(
        visit,
        "var e = document.getElementById('q-email');
         e.value = 'jan@kawiarnia'; var without = e.checkValidity();
         e.value = 'jan@kawiarnia.pl'; return [without, e.checkValidity()]",
    )
    .await;
    assert_eq!(validity, json!([false, true]));

    // Embedded below the fold of a long host page, scrolled to the button.
    let host = serve_host_page(format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Sklep</title></head>
<body style="margin:0;font-family:sans-serif"><div style="height:1500px;background:#eef">Treść sklepu</div>
<script src="{}/embed.js" data-survey="dluga" async></script>
<div style="height:400px">Stopka</div></body></html>"#,
        visit.base
    ))
    .await;
    visit
        .client
        .goto(&format!("{}/sklep", host.uri()))
        .await
        .unwrap();
    let mut height = 0.0;
    for _ in 0..100 {
        height = script(visit, "var f = document.querySelector('iframe'); return f ? f.getBoundingClientRect().height : 0")
            .await
            .as_f64()
            .unwrap_or(0.0);
        if height > 1500.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        height > 1500.0,
        "the frame took the long survey's height: {height}"
    );
    script(
        visit,
        "var f = document.querySelector('iframe').getBoundingClientRect();
         window.scrollTo(0, window.scrollY + f.bottom - window.innerHeight + 20)",
    )
    .await;

    // Submit with the e-mail wrong and the scale unanswered; the browser's
    // own checks are off so that the server is the one refusing.
    visit.client.enter_frame(0).await.unwrap();
    script(visit, "document.querySelector('form').noValidate = true").await;
    visit.fill("#q-email", "zly").await;
    visit.click_and_load("form button[type=submit]").await;
    let focused = script(
        visit,
        "return document.activeElement && document.activeElement.id",
    )
    .await;
    assert_eq!(
        focused, "errors-summary",
        "focus is on the list of what to fix"
    );
    let summary_top = script(
        visit,
        "return document.getElementById('errors-summary').getBoundingClientRect().top + window.scrollY",
    )
    .await
    .as_f64()
    .unwrap();
    visit.client.enter_parent_frame().await.unwrap();

    // The host page scrolled the errors into view.
    let mut seen_at = f64::NAN;
    for _ in 0..50 {
        let frame_top = script(
            visit,
            "return document.querySelector('iframe').getBoundingClientRect().top",
        )
        .await
        .as_f64()
        .unwrap();
        seen_at = frame_top + summary_top;
        if (0.0..400.0).contains(&seen_at) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        (0.0..400.0).contains(&seen_at),
        "the error summary is near the top of the window, not off-screen: {seen_at}"
    );
    visit.shot_window("embedded-errors").await;
    visit.client.clone().close().await.unwrap();
}
