//! What a call to SALESmanago looks like on the wire, below the JSON body.

use crate::helpers::*;

#[tokio::test]
async fn calls_declare_json_in_utf8_and_carry_polish_letters_unescaped() {
    let (app, slug) = app_answering("/api/contact/upsert", sm_success("c-1"), 1).await;
    app.submit(
        &slug,
        &[
            ("email", "anna@example.pl"),
            ("ocena", "9"),
            ("uwagi", "Źdźbło żółte"),
        ],
    )
    .await;
    app.deliver_all_pending().await;

    let requests = app.salesmanago.received_requests().await.unwrap();
    let content_type = requests[0].headers.get("content-type").unwrap();
    // SALESmanago's documentation and its public clients send the charset.
    assert_eq!(content_type, "application/json;charset=UTF-8");
    let body = String::from_utf8(requests[0].body.clone()).expect("the body is UTF-8");
    assert!(
        body.contains("Źdźbło żółte"),
        "raw UTF-8, not \\u escapes: {body}"
    );
    assert!(body.contains("ankieta.Jak-oceniasz-nasza-obsluge?"));
}
