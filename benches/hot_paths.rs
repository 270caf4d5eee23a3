//! The hot functions of a submit and a page view, on realistic Polish and
//! Czech data: `cargo bench --bench hot_paths`.

use ankieter::domain::DeliveryPlan;
use ankieter::domain::{
    property_keys, Answers, FieldErrors, FormFields, Identity, PropertyPrefix, PropertyValue,
    Survey, SurveyDocument,
};
use ankieter::salesmanago::{auth_fields, upsert_body, Credentials};
use ankieter::web::survey_page::{LinkParams, SurveyPage};
use askama::Template;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const SURVEY: &str = include_str!("survey_15.json");

const CZECH_QUESTIONS: [&str; 5] = [
    "Jak hodnotíte naše služby?",
    "Řekněte nám, co bychom měli zlepšit v příštím roce",
    "Kolikrát měsíčně u nás nakupujete?",
    "Doporučil(a) byste nás svým přátelům a známým?",
    "Jaký je váš oblíbený produkt z naší nabídky?",
];

fn survey() -> Survey {
    let document = SurveyDocument::from_json(SURVEY).unwrap();
    Survey::from_document(document)
        .unwrap()
        .with_property_keys(&PropertyPrefix::parse("ankieta.").unwrap())
}

fn answers_form() -> FormFields {
    let long =
        "Bardzo długa odpowiedź o dostawie, która się opóźniła, i o kawie, która była świetna. "
            .repeat(12);
    let pairs = [
        ("email", "anna.kowalska@example.pl"),
        ("nps", "9"),
        ("obsluga", "Dobrze"),
        ("kanaly", "Znajomi"),
        ("kanaly", "Newsletter"),
        ("produkt", "Kawa ziarnista"),
        ("imie", "Anna"),
        ("uwagi", long.as_str()),
        ("zakupy", "3"),
        ("urodziny", "1990-05-17"),
        ("dostawa", "W normie"),
        ("opakowanie", "4"),
        ("platnosc", "BLIK"),
        ("czestotliwosc", "Codziennie"),
        ("sugestie", long.as_str()),
        ("zgoda", "1"),
    ];
    FormFields::from_pairs(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

fn slug_and_cut(c: &mut Criterion) {
    let survey = survey();
    let prefix = PropertyPrefix::parse("dotaznik.").unwrap();
    let texts: Vec<(String, String)> = survey
        .questions
        .iter()
        .map(|q| (q.id.clone(), q.text.clone()))
        .chain(
            CZECH_QUESTIONS
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("cz{i}"), t.to_string())),
        )
        .collect();
    let long_answer = "Příliš žluťoučký kůň úpěl ďábelské ódy 😀 ".repeat(20);
    c.bench_function("property keys for 20 Polish/Czech questions", |b| {
        b.iter(|| {
            property_keys(
                &prefix,
                texts.iter().map(|(i, t)| (i.as_str(), t.as_str(), None)),
            )
        })
    });
    c.bench_function(
        "cut a 900-character Czech answer to 255 UTF-16 units",
        |b| b.iter(|| PropertyValue::parse(black_box(&long_answer))),
    );
}

fn request_body(c: &mut Criterion) {
    let survey = survey();
    let answers = Answers::check(&survey, &answers_form(), Identity::EmailAnswer).unwrap();
    let credentials = Credentials {
        endpoint: ankieter::domain::Endpoint::parse("app3.salesmanago.pl").unwrap(),
        client_id: "client-123".into(),
        api_secret: secrecy::SecretString::from("secret"),
        owner: "owner@example.pl".into(),
    };
    c.bench_function("check 15 answers and plan the delivery", |b| {
        b.iter(|| {
            let answers =
                Answers::check(&survey, black_box(&answers_form()), Identity::EmailAnswer).unwrap();
            DeliveryPlan::for_response(&survey, &answers, None, &[])
        })
    });
    let plan = DeliveryPlan::for_response(&survey, &answers, None, &[]).unwrap();
    c.bench_function("build and serialise an upsert body (15 properties)", |b| {
        b.iter(|| {
            let body = upsert_body(
                auth_fields(&credentials, "k3y", 1_700_000_000_000),
                "anna@example.pl",
                &plan.changes,
            );
            serde_json::to_vec(&body).unwrap()
        })
    });
}

fn render_page(c: &mut Criterion) {
    let survey = survey();
    let (form, errors, link) = (
        FormFields::default(),
        FieldErrors::new(),
        LinkParams::default(),
    );
    c.bench_function("render the 15-question survey page", |b| {
        b.iter(|| {
            SurveyPage::new(&survey, &form, &errors, &link, Identity::EmailAnswer)
                .render()
                .unwrap()
        })
    });
}

criterion_group!(benches, slug_and_cut, request_body, render_page);
criterion_main!(benches);
