//! What a respondent meets around the form: the error summary, the e-mail
//! check in the browser, a second visit after answering, HEAD requests, the
//! server's own address and the thank-you text.

use crate::helpers::*;
use serde_json::json;

fn texts(document: &scraper::Html, css: &str) -> Vec<String> {
    select(document, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

#[tokio::test]
async fn a_refused_submit_starts_with_a_focused_summary_linking_to_each_field() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;

    let response = app
        .submit(&slug, &[("email", "zly"), ("kanaly", "Hacked")])
        .await;
    let document = html(&response.text().await.unwrap());

    let summary = &select(&document, "#errors-summary")[0];
    assert_eq!(summary.value().attr("tabindex"), Some("-1"));
    assert!(summary.value().attr("autofocus").is_some());
    assert_eq!(summary.value().attr("role"), Some("alert"));
    // In question order, each entry a link to its field.
    assert_eq!(
        texts(&document, "#errors-summary li a"),
        [
            "Twój e-mail: Podaj poprawny adres e-mail.",
            "Jak oceniasz naszą obsługę?: To pole jest wymagane.",
            "Skąd o nas wiesz?: Wybierz jedną z podanych odpowiedzi.",
        ]
    );
    for link in select(&document, "#errors-summary li a") {
        let target = link.value().attr("href").unwrap();
        assert_eq!(
            select(&document, target).len(),
            1,
            "{target} names one field on the page"
        );
    }
    assert!(
        select(&document, "#q-ocena[type=radio][value='0']").len() == 1,
        "a choice question's first option carries its id"
    );
}

#[tokio::test]
async fn the_browser_checks_e_mail_answers_the_way_the_server_does() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let document = html(&app.get(&format!("/s/{slug}")).await.text().await.unwrap());
    let input = select(&document, "input#q-email")[0].value();
    let pattern = input.attr("pattern").expect("a pattern");
    assert!(input.attr("title").unwrap().contains("jan@example.pl"));

    // The browser matches the whole value against the pattern.
    let whole = regex_lite(pattern);
    for (address, server_accepts) in [
        ("jan@kawiarnia.pl", true),
        ("jan@kawiarnia", false),
        ("a.b+c@sub.example.cz", true),
    ] {
        assert_eq!(whole(address), server_accepts, "{address}");
        let response = app
            .submit(&slug, &[("email", address), ("ocena", "1")])
            .await;
        let stored = response.status() == 303;
        assert_eq!(stored, server_accepts, "{address}: the server agrees");
    }
}

/// The survey's pattern, `.+@.+\..+`, as a plain matcher: something, `@`,
/// something, a dot, something.
fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
    assert_eq!(
        pattern, r".+@.+\..+",
        "the matcher below mirrors this pattern"
    );
    |text: &str| match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain
                    .char_indices()
                    .any(|(i, c)| c == '.' && i > 0 && i + 1 < domain.len())
        }
        None => false,
    }
}

#[tokio::test]
async fn after_answering_the_form_asks_before_a_second_response() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let first = app.get(&format!("/s/{slug}?utm_source=x")).await;
    assert_eq!(
        first.headers()["cache-control"],
        "private, no-store",
        "a page with a one-time token is never cached"
    );
    app.submit(&slug, &[("ocena", "7")]).await;

    // The browser's Back, or a second visit: a notice instead of the form.
    let again = app
        .get(&format!("/s/{slug}?smclientid={CONTACT_ID}&embed=1"))
        .await;
    assert_eq!(again.status(), 200);
    let document = html(&again.text().await.unwrap());
    assert!(select(&document, "form").is_empty(), "no form to resend");
    assert_eq!(texts(&document, "h1"), ["Odpowiedzi już wysłane"]);
    let link = select(&document, "a.button")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert_eq!(
        link,
        format!("/s/{slug}?smclientid={CONTACT_ID}&embed=1&answer-again=1"),
        "the link keeps what the page's address carried"
    );
    assert_eq!(
        select(&document, "script[src^='/static/frame.js']").len(),
        1,
        "embedded, the notice still sizes its frame"
    );

    // Choosing to answer again shows the form, and a second response is stored.
    let form = html(&app.get(&link).await.text().await.unwrap());
    let token = select(&form, "input[name=_submission]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    assert!(select(&form, "input[name=answer-again]").is_empty());
    app.submit(&slug, &[("_submission", &token), ("ocena", "8")])
        .await;
    assert_eq!(app.deliveries().await.len(), 2);
}

#[tokio::test]
async fn another_survey_is_not_affected_by_an_answer_to_this_one() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let mut other = nps_survey();
    other["slug"] = json!("inna");
    app.import(other).await;
    app.submit(&slug, &[("ocena", "7")]).await;

    let document = html(&app.get("/s/inna").await.text().await.unwrap());
    assert_eq!(select(&document, "form").len(), 1);
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app().await;
    let slug = app.import(nps_survey()).await;
    let get = app.get(&format!("/s/{slug}")).await;
    let head = app
        .client
        .head(format!("{}/s/{slug}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(
        head.headers()["content-type"],
        get.headers()["content-type"]
    );
    assert!(head.text().await.unwrap().is_empty());
    let missing = app
        .client
        .head(format!("{}/s/nie-ma", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_servers_own_address_is_a_short_neutral_page_in_the_visitors_language() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/", app.address))
        .header("accept-language", "cs-CZ,cs;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document = html(&response.text().await.unwrap());
    assert_eq!(texts(&document, "h1"), ["Dotazníky"]);
    assert!(texts(&document, "main p")[0].contains("odkaz"));
    assert!(select(&document, "a[href^='/admin']").is_empty());
}

#[tokio::test]
async fn a_custom_thank_you_text_is_shown_alone() {
    let app = spawn_app().await;
    let mut survey = nps_survey();
    survey["thank_you"] = json!("Dziękujemy! Twoje odpowiedzi trafiły do profilu.");
    let slug = app.import(survey).await;
    let custom = html(
        &app.get(&format!("/s/{slug}/thanks"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(
        texts(&custom, "main .card")[0],
        "Dziękujemy! Twoje odpowiedzi trafiły do profilu.",
        "the survey's own text, not the default heading before it"
    );

    let mut plain = nps_survey();
    plain["slug"] = json!("bez-tekstu");
    app.import(plain).await;
    let default = html(&app.get("/s/bez-tekstu/thanks").await.text().await.unwrap());
    assert_eq!(texts(&default, "h1"), ["Dziękujemy!"]);
    assert_eq!(
        texts(&default, "main p"),
        ["Twoje odpowiedzi zostały zapisane."]
    );
}
