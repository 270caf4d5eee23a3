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
