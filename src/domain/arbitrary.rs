//! Test strategies shared by the domain's property tests.

use proptest::prelude::*;

/// Text drawn from all of Unicode, with whitespace and control characters
/// (C0, DEL, C1, the Unicode spaces) mixed in often enough to meet
/// non-ASCII letters on both sides.
pub fn any_text() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec![
        '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{1}', '\u{1f}', '\u{7f}', '\u{85}', '\u{9f}',
        '\u{a0}', '\u{1680}', '\u{2000}', '\u{200b}', '\u{2028}', '\u{2029}', '\u{202f}',
        '\u{3000}', '\u{feff}',
    ]);
    let piece = prop_oneof![
        3 => any::<char>(),
        2 => separator,
        2 => prop::char::range('ą', 'ž'),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|chars| chars.into_iter().collect())
}
