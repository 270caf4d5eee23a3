//! `ankieter token …`.

use crate::common::*;

#[tokio::test]
async fn api_tokens_are_printed_once_listed_without_the_token_and_revoked() {
    let cli = Cli::new();
    let account = stdout(&cli.run(&["account", "create", "--name", "Firma"]))
        .trim()
        .to_owned();
    let created = cli.run(&[
        "token",
        "create",
        "--account",
        &account,
        "--name",
        "Landing page",
    ]);
    let token = stdout(&created).trim().to_owned();
    assert!(token.starts_with("ank_") && token.len() == 68, "{token}");
    assert!(stderr(&created).contains("shown only now"));
    let list = stdout(&cli.run(&["token", "list", "--account", &account]));
    assert!(
        list.contains("Landing page") && list.contains("live"),
        "{list}"
    );
    assert!(!list.contains(&token), "the list never shows the token");

    let (_server, address, _log) = serve(&cli);
    let http = reqwest::Client::new();
    let call = || {
        http.get(format!("{address}/api/v1/surveys"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(call().await.unwrap().status(), 200);
    let id = list.split_whitespace().next().unwrap();
    assert!(stdout(&cli.run(&["token", "revoke", id])).contains("revoked"));
    assert_eq!(call().await.unwrap().status(), 403);
    let again = cli.run(&["token", "revoke", id]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("no live token"));
}

#[tokio::test]
async fn a_card_key_opens_the_card_and_neither_it_nor_the_card_reaches_the_log() {
    use wiremock::matchers::{method, path};
    let salesmanago = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/api/contact/list"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": true,
                "contacts": [{"id": "c-9", "email": "ukryta.osoba@example.pl", "name": "Tajemnicza Klientka"}]
            })),
        )
        .mount(&salesmanago)
        .await;
    let cli = Cli::new();
    let account = cli.account_with_salesmanago(&salesmanago.uri(), "very-secret-api-key-123");
    let created = cli.run(&[
        "token",
        "create",
        "--account",
        &account,
        "--name",
        "Thulium",
        "--card",
    ]);
    let key = stdout(&created).trim().to_owned();
    assert!(key.starts_with("ankc_"), "{key}");
    assert!(stderr(&created).contains("/card?key="));
    let list = stdout(&cli.run(&["token", "list", "--account", &account]));
    assert!(list.contains("card") && list.contains("Thulium"), "{list}");
    let made = cli.run(&["token", "create", "--account", &account, "--name", "server"]);
    let api_token = stdout(&made).trim().to_owned();

    let (server, address, log) = serve(&cli);
    let http = reqwest::Client::new();
    let card = http
        .get(format!("{address}/card"))
        .query(&[("key", key.as_str()), ("email", "ukryta.osoba@example.pl")])
        .send()
        .await
        .unwrap();
    assert_eq!(card.status(), 200);
    assert!(card.text().await.unwrap().contains("Tajemnicza Klientka"));
    let json = http
        .get(format!("{address}/api/v1/contacts/ukryta.osoba@example.pl"))
        .bearer_auth(&api_token)
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 200);
    drop(server);

    let log = log.join().unwrap();
    assert!(
        log.contains("/card") && log.contains("/api/v1/contacts/{email}"),
        "{log}"
    );
    for secret in [
        key.as_str(),
        api_token.as_str(),
        "ukryta.osoba",
        "Tajemnicza Klientka",
        "very-secret-api-key-123",
    ] {
        assert!(
            !log.contains(secret),
            "{secret:?} leaked into the log:\n{log}"
        );
    }
}
