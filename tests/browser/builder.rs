//! The survey builder in place: with JavaScript the editor's buttons are
//! sent by htmx, the page keeps its scroll position, the focus goes to the
//! new question, and each question shows only the fields of its type;
//! without JavaScript the same buttons are ordinary forms that reload.

use crate::support::*;
use fantoccini::Locator;

/// Whether the element is drawn (not hidden by itself or a parent).
async fn shown(visit: &Visit, css: &str) -> bool {
    visit
        .eval(&format!(
            "return document.querySelector({css:?}).offsetParent !== null"
        ))
        .await
        .as_bool()
        .unwrap()
}

async fn focused_id(visit: &Visit) -> String {
    visit
        .eval("return document.activeElement && document.activeElement.id")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The text of the first `css` in the page-preview frame ("" while none).
async fn frame_text(visit: &Visit, css: &str) -> String {
    visit
        .eval(&format!(
            "const d = document.getElementById('page-preview').contentDocument;
             const e = d && d.querySelector({css:?});
             return e ? e.textContent : ''"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits (up to 10 s) until the frame's `css` holds `wanted`.
async fn frame_shows(visit: &Visit, css: &str, wanted: &str) -> bool {
    for _ in 0..200 {
        if frame_text(visit, css).await.contains(wanted) {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

async fn choose_type(visit: &Visit, question: usize, kind: &str) {
    visit
        .client
        .find(Locator::Css(&format!("select[name='q.{question}.type']")))
        .await
        .unwrap()
        .select_by_value(kind)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_builder_edits_in_place_and_keeps_the_scroll_and_the_focus() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("builder").await;
    let visit = &mut setup.visit;
    visit.sign_in().await;
    visit.goto("/admin/surveys/new").await;

    // The e-mail question shows none of the type-dependent fields; as a
    // single choice it shows its options, as a scale its range.
    assert!(!shown(visit, "textarea[name='q.0.options']").await);
    assert!(!shown(visit, "input[name='q.0.min']").await);
    assert!(!shown(visit, "input[name='q.0.opt_in']").await);
    choose_type(visit, 0, "single").await;
    assert!(shown(visit, "textarea[name='q.0.options']").await);
    assert!(!shown(visit, "input[name='q.0.min']").await);
    choose_type(visit, 0, "email").await;

    // Add questions from the bottom of the page: each arrives where it was
    // added, with the focus in its text, and the page does not jump.
    visit.fill("#title", "Warsztaty").await;
    for n in 1..=3 {
        visit
            .eval("document.getElementById('add-question').scrollIntoView({block: 'center'}); return 0")
            .await;
        let before = visit.eval("return window.scrollY").await.as_f64().unwrap();
        assert!(before > 0.0, "the button is below the first screen");
        visit.click_and_swap("#add-question").await;
        assert_eq!(
            focused_id(visit).await,
            format!("q.{n}.text"),
            "question {n}"
        );
        // No jump to the top: the page stays about where it was (the
        // browser scrolls only as far as the new field needs), and the
        // new field is on the screen.
        let after = visit.eval("return window.scrollY").await.as_f64().unwrap();
        assert!(after >= before, "question {n}: {before} → {after}");
        let on_screen = visit
            .eval(
                "const r = document.activeElement.getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= window.innerHeight",
            )
            .await;
        assert_eq!(on_screen, true, "question {n}");
        // Typing goes straight into the new question.
        visit
            .client
            .active_element()
            .await
            .unwrap()
            .send_keys(&format!("Pytanie {n}"))
            .await
            .unwrap();
    }
    visit.shot_window("question-added").await;
    // The new questions are plain texts: no options, no range.
    assert!(!shown(visit, "textarea[name='q.3.options']").await);
    choose_type(visit, 3, "scale").await;
    assert!(shown(visit, "input[name='q.3.min']").await);
    visit.fill("input[name='q.3.min']", "1").await;
    visit.fill("input[name='q.3.max']", "5").await;

    // Move the last one up, remove the second: nothing typed is lost.
    visit.click_and_swap("button[id='q.3.up']").await;
    assert_eq!(focused_id(visit).await, "q.2.up");
    assert_eq!(
        visit
            .eval("return document.querySelector(\"[name='q.2.text']\").value")
            .await,
        "Pytanie 3"
    );
    assert!(
        shown(visit, "input[name='q.2.min']").await,
        "fields follow the question"
    );
    visit.click_and_swap("button[value='remove:1']").await;
    assert_eq!(focused_id(visit).await, "q.1.text");
    assert_eq!(
        visit
            .eval("return document.querySelector(\"[name='q.1.text']\").value")
            .await,
        "Pytanie 3"
    );
    assert_eq!(
        visit
            .eval("return document.querySelector(\"[name='title']\").value")
            .await,
        "Warsztaty"
    );

    // A failed save (no link) lists its errors at the top, with the focus
    // on the list, and each entry leads to its field.
    visit.fill("#slug", "").await;
    visit.click_and_load("p.sticky button[value=save]").await;
    assert_eq!(focused_id(visit).await, "form-errors");
    visit.shot_window("errors-summary").await;
    visit.click("#form-errors a[href='#slug']").await;
    assert_eq!(focused_id(visit).await, "slug");

    // Saved once the link is there.
    visit.fill("#slug", "warsztaty").await;
    visit.click_and_load("p.sticky button[value=save]").await;
    let saved = setup
        .store
        .survey_by_slug("warsztaty")
        .await
        .unwrap()
        .unwrap();
    let texts: Vec<_> = saved
        .document
        .questions
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert_eq!(texts, ["E-mail", "Pytanie 3", "Pytanie 2"]);
    setup.visit.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn without_javascript_every_button_is_a_form_that_reloads() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup_with("builder-no-js", Scripts::Off).await;
    let visit = &mut setup.visit;
    visit.sign_in().await;
    visit.goto("/admin/surveys/new").await;
    // Every field shows, as nothing hides them.
    assert!(shown(visit, "textarea[name='q.0.options']").await);
    assert!(shown(visit, "input[name='q.0.min']").await);
    visit.fill("#title", "Bez skryptów").await;
    visit.fill("#slug", "bez-skryptow").await;
    visit.click("#sm_enabled").await;
    visit.fill("#sm_tag", "BEZ_JS").await;
    visit.click_and_load("#add-question").await;
    visit.fill("input[name='q.1.text']", "Uwagi").await;
    visit.click_and_load("button[value='preview']").await;
    assert!(visit.text("#payload").await.contains("ankieta.Uwagi"));
    // The respondent's page shows in its frame when asked for.
    visit.click("#page-preview-button").await;
    assert!(frame_shows(visit, "h1", "Bez skryptów").await);
    assert!(frame_shows(visit, "form", "Uwagi").await);
    visit.click_and_load("p.sticky button[value=save]").await;
    let saved = setup
        .store
        .survey_by_slug("bez-skryptow")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.document.questions.len(), 2);
    assert_eq!(saved.document.title, "Bez skryptów");
    setup.visit.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn the_respondents_page_beside_the_editor_follows_the_typing() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("page-preview").await;
    let visit = &mut setup.visit;
    visit.sign_in().await;
    visit.goto("/admin/surveys/new").await;
    visit.fill("#title", "Warsztaty w Krakowie").await;
    assert!(
        frame_shows(visit, "h1", "Warsztaty w Krakowie").await,
        "the page follows the title without a button"
    );
    visit.click_and_swap("#add-question").await;
    visit.fill("input[name='q.1.text']", "Co zmienić?").await;
    assert!(frame_shows(visit, "form", "Co zmienić?").await);
    choose_type(visit, 1, "single").await;
    visit
        .fill("textarea[name='q.1.options']", "Termin\nMiejsce")
        .await;
    assert!(frame_shows(visit, "form", "Miejsce").await);

    // A phone's width, then a mistake: the frame lists it instead.
    visit.click("#width-phone").await;
    let width = visit
        .eval("return document.getElementById('page-preview').offsetWidth")
        .await
        .as_f64()
        .unwrap();
    assert!((370.0..=380.0).contains(&width), "{width}");
    visit.shot_window("page-preview-phone").await;
    visit.fill("#title", " ").await;
    assert!(frame_shows(visit, "#preview-mistakes", ":").await);
    assert!(
        setup
            .store
            .surveys(setup.account_id)
            .await
            .unwrap()
            .is_empty(),
        "nothing was saved"
    );
    setup.visit.client.clone().close().await.unwrap();
}
