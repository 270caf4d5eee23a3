//! `ankieter secret-key rotate`.

use crate::common::*;

#[tokio::test]
async fn rotating_the_server_key_keeps_every_secret_usable() {
    let cli = Cli::new();
    let account = cli.account_with_salesmanago("app3.salesmanago.pl", "rotate-me-secret");
    cli.import_demo(&account);
    let link_args = [
        "survey",
        "link",
        "--account",
        &account,
        "--survey",
        "demo-ankieta",
        "--contact-id",
        "0f3a1c2e-1111-4a2b-9c3d-0123456789ab",
    ];
    let link_before = stdout(&cli.run(&link_args));
    let key_path = cli.dir.path().join("ankieter-data/secret.key");
    let old_key = std::fs::read_to_string(&key_path).unwrap();
    let account_id = uuid::Uuid::parse_str(&account).unwrap();
    let webhook_secret = {
        let store = cli.store().await;
        let key = ankieter::crypto::ServerKey::from_hex(&old_key).unwrap();
        let secret = ankieter::manage::set_webhook(
            store.as_ref(),
            &key,
            account_id,
            "https://hooks.example.com/ankieter",
            ankieter::domain::EndpointPolicy::SalesmanagoOnly,
        )
        .await
        .unwrap();
        secrecy::ExposeSecret::expose_secret(&secret).to_owned()
    };

    // An EmpikPlace shop: its key and Thulium password are rotated too.
    let shop = cli.run_with_stdin(
        &[
            "empikplace",
            "set",
            "--account",
            &account,
            "--shop-id",
            "2001",
            "--thulium-url",
            "acme",
            "--thulium-user",
            "api",
            "--queue",
            "7",
            "--customer-field",
            "empik_id",
        ],
        "klucz-sklepu\ntajne-thulium\n",
    );
    assert!(shop.status.success(), "{}", stderr(&shop));

    let rotated = stdout(&cli.run(&["secret-key", "rotate"]));

    assert!(
        rotated.contains("Re-encrypted 1 SALESmanago API secret(s), 1 survey link key(s), 0 Thulium API password(s), 1 webhook secret(s) and 2 EmpikPlace secret(s)"),
        "{rotated}"
    );
    let new_key = std::fs::read_to_string(&key_path).unwrap();
    assert_ne!(old_key, new_key);
    assert_eq!(
        stdout(&cli.run(&link_args)),
        link_before,
        "signed links in sent e-mails stay valid"
    );
    let store = cli.store().await;
    let stored = store
        .account(uuid::Uuid::parse_str(&account).unwrap())
        .await
        .unwrap()
        .unwrap();
    let new = ankieter::crypto::ServerKey::from_hex(&new_key).unwrap();
    let old = ankieter::crypto::ServerKey::from_hex(&old_key).unwrap();
    let credentials = ankieter::delivery::credentials(&stored, &new).unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&credentials.api_secret),
        "rotate-me-secret"
    );
    assert!(
        ankieter::delivery::credentials(&stored, &old).is_err(),
        "the old key no longer decrypts"
    );
    let webhook = stored.webhook.unwrap().secret_encrypted;
    let context = ankieter::crypto::webhook_secret_context(account_id);
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&new.decrypt(&webhook, &context).unwrap()),
        webhook_secret,
        "the webhook keeps its signing secret"
    );
    let shop = store
        .empik_integrations(account_id)
        .await
        .unwrap()
        .remove(0);
    let (empik, thulium) = ankieter::delivery::empik_access(&shop, &new).unwrap();
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&empik.key),
        "klucz-sklepu"
    );
    assert_eq!(
        secrecy::ExposeSecret::expose_secret(&thulium.password),
        "tajne-thulium"
    );
    assert!(ankieter::delivery::empik_access(&shop, &old).is_err());
}
