use super::*;
use fluent_templates::fluent_bundle::FluentResource;
use std::collections::BTreeSet;
use std::path::Path;

const CATALOGUES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/i18n/locales");

/// Each catalogue's text, parsed: a syntax error fails here, not at start-up.
fn catalogue(code: &str) -> FluentResource {
    let path = format!("{CATALOGUES_DIR}/{code}.ftl");
    let text = std::fs::read_to_string(&path).unwrap();
    FluentResource::try_new(text)
        .unwrap_or_else(|(_, errors)| panic!("{path} does not parse: {errors:?}"))
}

fn ids(resource: &FluentResource) -> BTreeSet<String> {
    use fluent_syntax::ast::Entry;
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_catalogue_has_every_message_the_others_have() {
    let all: Vec<(&str, BTreeSet<String>)> = ["en", "pl", "cs"]
        .into_iter()
        .map(|code| (code, ids(&catalogue(code))))
        .collect();
    for (code, mine) in &all {
        for (other, theirs) in &all {
            let missing: Vec<&String> = theirs.difference(mine).collect();
            assert!(
                missing.is_empty(),
                "{code}.ftl lacks what {other}.ftl has: {missing:?}"
            );
        }
    }
    assert!(all[0].1.len() > 100, "the catalogues are read");
}

/// Every call of `t`, `tn`, `ta`, `tas` or `html` with a message id in
/// the code and the templates names a message that exists.
#[test]
fn every_message_the_code_asks_for_exists() {
    let known = ids(&catalogue("en"));
    let mut used = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["src", "templates"] {
        collect_used_ids(&root.join(dir), &mut used);
    }
    assert!(used.len() > 100, "the code is read: {}", used.len());
    let missing: Vec<&String> = used.difference(&known).collect();
    assert!(missing.is_empty(), "no such messages: {missing:?}");
}

fn collect_used_ids(dir: &Path, used: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_used_ids(&path, used);
            continue;
        }
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !["rs", "html"].contains(&ext) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for call in [".t(\"", ".tn(\"", ".ta(\"", ".tas(\"", ".html(\""] {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                let id: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if rest[id.len()..].starts_with('"') && !id.is_empty() {
                    used.insert(id);
                }
            }
        }
    }
}

#[test]
fn markup_messages_hold_only_inline_tags_and_no_arguments() {
    let allowed = ["code", "em", "strong", "kbd"];
    for code in ["en", "pl", "cs"] {
        let tr = Tr::new(Language::parse(code).unwrap());
        for id in ids(&catalogue(code))
            .iter()
            .filter(|id| id.ends_with("-html"))
        {
            let text = tr.html(id);
            assert!(
                !text.contains('{') && !text.contains('$'),
                "{code} {id}: {text}"
            );
            let mut rest = text.as_str();
            while let Some(open) = rest.find('<') {
                let tag_end = rest[open..].find('>').expect("a tag closes") + open;
                let tag = rest[open + 1..tag_end].trim_start_matches('/');
                assert!(allowed.contains(&tag), "{code} {id}: <{tag}> in {text}");
                rest = &rest[tag_end + 1..];
            }
        }
    }
}

#[test]
fn plural_forms_follow_each_language() {
    let cases = [
        (Language::Pl, 1, "1 odpowiedź"),
        (Language::Pl, 2, "2 odpowiedzi"),
        (Language::Pl, 5, "5 odpowiedzi"),
        (Language::Pl, 22, "22 odpowiedzi"),
        (Language::Pl, 25, "25 odpowiedzi"),
        (Language::Cs, 1, "1 odpověď"),
        (Language::Cs, 3, "3 odpovědi"),
        (Language::Cs, 5, "5 odpovědí"),
        (Language::En, 1, "1 response"),
        (Language::En, 2, "2 responses"),
        (Language::En, 0, "0 responses"),
    ];
    for (language, count, expected) in cases {
        assert_eq!(Tr::new(language).tn("responses-count", count), expected);
    }
    assert_eq!(
        Tr::new(Language::Pl).tn("flash-resumed", 1),
        "Wznowiono 1 wstrzymaną wysyłkę: zostanie wysłana teraz."
    );
}

#[test]
fn arguments_are_put_in_without_isolation_marks() {
    let text = Tr::new(Language::Pl).ta("flash-survey-saved", "title", "Ankieta NPS");
    assert_eq!(text, "Zapisano ankietę „Ankieta NPS”.");
}

#[test]
fn outside_a_request_the_words_are_english() {
    assert_eq!(current().language(), Language::En);
}

#[tokio::test]
async fn inside_a_request_the_words_are_the_requests() {
    let language = with_language(Language::Cs, async { current().language() }).await;
    assert_eq!(language, Language::Cs);
}
