//! Every admin page, in Polish, holds no English word of the admin's English
//! catalogue; and on a phone the admin's tables become cards.

use crate::support::*;
use ankieter::domain::{ContactCenterRules, EndpointPolicy};
use ankieter::manage::{create_contact_center, create_token, set_salesmanago, SalesmanagoInput};
use secrecy::SecretString;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The words of a catalogue's texts (ids, arguments, variant keys and
/// markup left out), lowercased, three letters or more.
fn catalogue_words(code: &str) -> BTreeSet<String> {
    let path = format!("{}/src/i18n/locales/{code}.ftl", env!("CARGO_MANIFEST_DIR"));
    let mut words = BTreeSet::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let line = line.trim();
        if line.starts_with('#') || line.is_empty() || line == "}" {
            continue;
        }
        let text = match line.split_once(" = ") {
            Some((id, text)) if !id.contains(' ') => text,
            _ => line,
        };
        let mut plain = String::new();
        let (mut in_placeable, mut in_tag, mut in_key) = (0, false, false);
        for c in text.chars() {
            match c {
                '{' => in_placeable += 1,
                '}' => in_placeable -= 1,
                '<' => in_tag = true,
                '>' => in_tag = false,
                '[' if in_placeable == 0 => in_key = true,
                ']' if in_key => in_key = false,
                _ if in_placeable > 0 || in_tag || in_key => {}
                _ => plain.push(c),
            }
            if matches!(c, '>' | ']' | '}') {
                plain.push(' ');
            }
        }
        words.extend(words_of(&plain));
    }
    words
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// What a reader sees on the page: the text, the title and the labels read
/// out to screen readers, without code, samples and identifiers.
async fn visible_words(visit: &Visit) -> Vec<String> {
    let text = visit
        .client
        .execute(
            "const copy = document.body.cloneNode(true);
             copy.querySelectorAll('pre, code, script, style, [translate=no]').forEach(e => e.remove());
             const labels = Array.from(document.querySelectorAll('[aria-label], [placeholder], [title]'))
               .map(e => ['aria-label', 'placeholder', 'title'].map(a => e.getAttribute(a) || '').join(' '));
             return [document.title, copy.textContent].concat(labels).join(' ');",
            vec![],
        )
        .await
        .unwrap();
    words_of(text.as_str().unwrap())
}

fn english_on(page: &[String], english: &BTreeSet<String>) -> Vec<String> {
    let found: BTreeSet<&String> = page.iter().filter(|w| english.contains(*w)).collect();
    found.into_iter().cloned().collect()
}

fn survey() -> Value {
    json!({
        "slug": "kawa", "title": "Jak smakowała kawa?", "language": "pl",
        "salesmanago": {"enabled": true, "tag": "ANKIETA_KAWA"},
        "hidden_fields": ["utm_source"],
        "questions": [
            {"id": "email", "type": "email", "text": "Twój e-mail", "required": true},
            {"id": "ocena", "type": "scale", "text": "Jak oceniasz kawę?", "min": 0, "max": 10},
            {"id": "smak", "type": "single", "text": "Który smak?", "options": ["Mocna", "Łagodna"]},
            {"id": "uwagi", "type": "textarea", "text": "Uwagi"},
            {"id": "zgoda", "type": "consent", "text": "Zgoda marketingowa", "opt_in": true}
        ]
    })
}

#[tokio::test]
async fn every_admin_page_in_polish_holds_no_english_word() {
    if !browsers_installed() {
        return;
    }
    let english: BTreeSet<String> = catalogue_words("en")
        .difference(&catalogue_words("pl"))
        .cloned()
        .collect();
    assert!(
        english.len() > 300,
        "the catalogues are read: {}",
        english.len()
    );
    let mut setup = setup("admin-polish").await;
    let store = setup.store.clone();
    set_salesmanago(
        store.as_ref(),
        &server_key(),
        setup.account_id,
        SalesmanagoInput {
            endpoint: setup.salesmanago.uri(),
            client_id: "kawiarnia-client".into(),
            owner: "marketing@kawiarnia.pl".into(),
            api_secret: Some(SecretString::from("sekret-api-1234")),
            property_prefix: None,
        },
        EndpointPolicy::Any,
    )
    .await
    .unwrap();
    setup.import(&survey()).await;
    let (integration, _) = create_contact_center(
        store.as_ref(),
        setup.account_id,
        "thulium-glowny",
        ContactCenterRules::default(),
    )
    .await
    .unwrap();
    create_token(store.as_ref(), setup.account_id, "Kreator stron")
        .await
        .unwrap();
    let shop = ankieter::manage::save_empik(
        store.as_ref(),
        &server_key(),
        setup.account_id,
        None,
        &ankieter::manage::EmpikInput {
            shop_id: "2001",
            api_url: "http://127.0.0.1:9/api",
            api_key: Some(&SecretString::from("klucz")),
            thulium_url: "http://127.0.0.1:9/api",
            thulium_user: "api",
            thulium_password: Some(&SecretString::from("tajne")),
            queue_id: "7",
            category_id: "",
            customer_field: "empik_id",
            auto_reply: "Odpowiemy w ciągu 24 godzin.",
            poll_seconds: 60,
            enabled: true,
        },
    )
    .await
    .unwrap();
    store
        .pause_empik(
            shop.id,
            Some("EmpikPlace refused the shop's API key (HTTP 401)"),
            1,
        )
        .await
        .unwrap();
    let survey_id = store.surveys(setup.account_id).await.unwrap()[0].id;
    let visit = &mut setup.visit;

    // The sign-in page in Polish (picked on the page; the browser's own
    // language is English).
    visit.goto("/admin/login?lang=pl").await;
    let mut pages = vec![(
        "/admin/login?lang=pl".to_owned(),
        visible_words(visit).await,
    )];
    visit.fill("#email", EMAIL).await;
    visit.fill("#password", PASSWORD).await;
    visit.click_and_load("form button[type=submit]").await;

    // A response, delivered to the SALESmanago mock.
    visit.goto("/s/kawa?utm_source=newsletter").await;
    visit.fill("input[name=email]", "klient@example.com").await;
    visit.click("input[name=ocena][value='9']").await;
    visit.click_and_load("form button[type=submit]").await;
    let mut delivered = None;
    for _ in 0..50 {
        let rows = store
            .deliveries(&ankieter::db::DeliveryFilter {
                account_id: Some(setup.account_id),
                limit: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        if let Some(d) = rows.first().filter(|d| d.status.as_str() == "delivered") {
            delivered = Some(d.clone());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let delivery = delivered.expect("the response is delivered");
    let response_id = match delivery.source {
        ankieter::db::DeliverySource::Response { response_id, .. } => response_id,
        _ => unreachable!("a survey response"),
    };

    let paths = [
        "/admin".to_owned(),
        "/admin/surveys".to_owned(),
        "/admin/surveys/new".to_owned(),
        format!("/admin/surveys/{survey_id}"),
        format!("/admin/surveys/{survey_id}/responses"),
        format!("/admin/surveys/{survey_id}/results"),
        format!("/admin/surveys/{survey_id}/delete"),
        format!("/admin/responses/{response_id}"),
        "/admin/deliveries".to_owned(),
        format!("/admin/deliveries/{}", delivery.id),
        "/admin/contacts".to_owned(),
        "/admin/contacts?email=klient%40example.com".to_owned(),
        "/admin/contact-center".to_owned(),
        format!("/admin/contact-center/{}", integration.id),
        "/admin/empikplace".to_owned(),
        "/admin/empikplace/new".to_owned(),
        format!("/admin/empikplace/{}", shop.id),
        "/admin/salesmanago".to_owned(),
        "/admin/tokens".to_owned(),
        "/admin/settings".to_owned(),
        "/admin/webhook".to_owned(),
        "/admin/privacy".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/surveys/import".to_owned(),
        format!("/admin/surveys/{}", uuid::Uuid::new_v4()),
    ];
    for path in &paths {
        visit.goto(path).await;
        let lang = visit
            .client
            .execute("return document.documentElement.lang", vec![])
            .await
            .unwrap();
        assert_eq!(lang, "pl", "{path}");
        pages.push((path.clone(), visible_words(visit).await));
    }
    // The editor's payload preview, and a flash message after an action.
    visit.goto(&format!("/admin/surveys/{survey_id}")).await;
    visit.click_and_swap("p.sticky button[value=preview]").await;
    pages.push(("payload preview".into(), visible_words(visit).await));
    visit.shot("editor-preview-pl").await;
    visit.click_and_load("p.sticky button[value=save]").await;
    pages.push(("survey saved".into(), visible_words(visit).await));
    visit
        .goto(&format!("/admin/surveys/{survey_id}/results"))
        .await;
    visit.shot("results-pl").await;
    visit.goto("/admin/deliveries").await;
    visit.shot("deliveries-pl").await;
    visit.shot_at("deliveries-pl-phone", 390).await;
    visit.goto("/admin/webhook").await;
    visit.shot("webhook-pl").await;
    visit.goto(&format!("/admin/empikplace/{}", shop.id)).await;
    visit.shot("empikplace-pl").await;
    // A person found on the personal-data page, with its two buttons.
    visit.goto("/admin/privacy").await;
    visit
        .client
        .find(fantoccini::Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys("klient@example.com")
        .await
        .unwrap();
    visit
        .click_and_load("form[action='/admin/privacy/find'] button")
        .await;
    pages.push(("person found".into(), visible_words(visit).await));
    visit.shot("privacy-pl").await;

    for (path, words) in &pages {
        assert!(words.len() > 5, "{path} has text");
        let found = english_on(words, &english);
        assert!(found.is_empty(), "English on {path}: {found:?}");
    }

    // The same check finds English where there is English: switched to
    // English, the dashboard is full of it.
    visit.goto("/admin").await;
    visit
        .click_and_load("form.languages button[value=en]")
        .await;
    let found = english_on(&visible_words(visit).await, &english);
    assert!(found.len() > 5, "the check can fail: {found:?}");
    visit.client.clone().close().await.unwrap();
}

#[tokio::test]
async fn on_a_phone_the_admins_tables_are_cards_and_nothing_scrolls_sideways() {
    if !browsers_installed() {
        return;
    }
    let mut setup = setup("admin-phone").await;
    setup.import(&survey()).await;
    let visit = &mut setup.visit;
    visit.goto("/admin/login").await;
    visit.fill("#email", EMAIL).await;
    visit.fill("#password", PASSWORD).await;
    visit.click_and_load("form button[type=submit]").await;
    for width in [390, 1200] {
        visit.client.set_window_size(width, 900).await.unwrap();
        visit.goto("/admin/surveys").await;
        let layout = visit
            .client
            .execute(
                "const row = document.querySelector('table.cards tbody tr');
                 const cell = row.querySelector('td[data-label]');
                 return {row: getComputedStyle(row).display,
                         label: getComputedStyle(cell, '::before').content,
                         wide: document.documentElement.scrollWidth > window.innerWidth};",
                vec![],
            )
            .await
            .unwrap();
        if width == 390 {
            assert_eq!(layout["row"], "block", "{layout}");
            assert_eq!(
                layout["label"], "\"Link\"",
                "each cell under its column's name"
            );
            assert_eq!(layout["wide"], false, "{layout}");
            visit.shot_at("surveys-phone", 390).await;
        } else {
            assert_eq!(layout["row"], "table-row", "{layout}");
        }
    }
    visit.client.clone().close().await.unwrap();
}
