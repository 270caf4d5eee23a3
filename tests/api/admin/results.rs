//! A survey's results page: counts per day, bars per question, the NPS.

use super::*;
use serde_json::json;

fn survey() -> serde_json::Value {
    json!({
        "slug": "wyniki", "title": "Wyniki", "language": "pl",
        "questions": [
            {"id": "email", "type": "email", "text": "E-mail"},
            {"id": "nps", "type": "scale", "text": "Czy polecisz nas?", "min": 0, "max": 10},
            {"id": "napoj", "type": "single", "text": "Co pijesz?", "options": ["Kawa", "Herbata"]},
            {"id": "ile", "type": "number", "text": "Ile razy w tygodniu?"},
            {"id": "uwagi", "type": "textarea", "text": "Uwagi"}
        ]
    })
}

#[tokio::test]
async fn results_count_each_answer_and_give_the_nps() {
    let app = spawn_app().await;
    app.import(survey()).await;
    let fills = [
        ("10", "Kawa", "3", "Świetnie"),
        ("9", "Kawa", "1", ""),
        ("8", "Herbata", "2,5", "<b>ok</b>"),
        ("3", "Kawa", "", ""),
    ];
    for (n, (score, drink, times, note)) in fills.iter().enumerate() {
        let email = format!("osoba{n}@example.com");
        let sent = app
            .submit(
                "wyniki",
                &[
                    ("email", email.as_str()),
                    ("nps", score),
                    ("napoj", drink),
                    ("ile", times),
                    ("uwagi", note),
                ],
            )
            .await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    }
    let admin = sign_in(&app, app.account_id, "anna@firma.pl").await;
    let id = survey_id(&app, app.account_id).await;
    let (status, page) = admin.page(&format!("/admin/surveys/{id}/results")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts(&page, "#total strong"), ["4 responses"]);
    assert_eq!(
        texts(&page, "#per-day .bar-legend td:last-child"),
        ["4"],
        "all today"
    );
    // 2 promoters, 1 passive, 1 detractor of 4: 50 − 25 = 25.
    assert_eq!(
        texts(&page, "#question-2 .nps"),
        ["NPS 25 · 2 promoters · 1 passive · 1 detractor"]
    );
    assert_eq!(
        texts(&page, "#question-2 .summary"),
        ["4 answered, average 7.5"]
    );
    assert_eq!(
        texts(&page, "#question-2 .bar-legend th").len(),
        11,
        "every point of 0–10"
    );
    assert_eq!(
        texts(&page, "#question-3 .bar-legend td:last-child"),
        ["3", "1"]
    );
    assert_eq!(
        texts(&page, "#question-4 .summary"),
        ["3 answered, average 2.2, from 1 to 3"]
    );
    // Texts are escaped, newest first.
    assert_eq!(
        texts(&page, "#question-5 .latest li"),
        ["<b>ok</b>", "Świetnie"]
    );
    assert!(!page.contains("<b>ok</b>"));
    // Bars are SVG drawn here; nothing is loaded from elsewhere.
    assert_eq!(
        texts(&page, "svg.bars").len(),
        1 + 11 + 2,
        "a bar per day, point and option"
    );
    assert!(
        texts(&page, "#question-1 .latest li").is_empty(),
        "no e-mail list here"
    );
    assert!(!page.contains("<script"));

    // The filters apply: no response before 2000.
    let (_, page) = admin
        .page(&format!("/admin/surveys/{id}/results?to=2000-01-01"))
        .await;
    assert_eq!(texts(&page, "#total strong"), ["0 responses"]);
    assert!(
        texts(&page, "#question-2 .nps").is_empty(),
        "no answers, no score"
    );
}

#[tokio::test]
async fn results_speak_polish_and_stay_in_their_account() {
    let app = spawn_app().await;
    app.import(survey()).await;
    app.submit("wyniki", &[("nps", "10")]).await;
    app.submit("wyniki", &[("nps", "9")]).await;
    let id = survey_id(&app, app.account_id).await;
    let admin = sign_in_as_is(&app, app.account_id, "anna@firma.pl").await;
    let (_, page) = admin.page(&format!("/admin/surveys/{id}/results")).await;
    assert_eq!(texts(&page, "#total strong"), ["2 odpowiedzi"]);
    assert_eq!(
        texts(&page, "#question-2 .nps"),
        ["NPS 100 · 2 promotorzy · 0 neutralnych · 0 krytyków"]
    );
    let other =
        ankieter::manage::create_account(app.store(), "Inna", ankieter::domain::Language::Pl)
            .await
            .unwrap();
    let stranger = sign_in(&app, other.id, "obcy@inna.pl").await;
    let (status, page) = stranger.page(&format!("/admin/surveys/{id}/results")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Czy polecisz nas?"));
}
