//! Test-only helpers shared by the reader's unit tests: cutting a numbered
//! line out of a fixture file, and building proptest inputs from pieces of
//! the text a reader recognises (so that a property test gets far).

use proptest::prelude::*;

/// Line `n` (1-based) of a fixture, with its byte offset in the file. The
/// line keeps its layout spaces: offsets match the file byte for byte.
pub(crate) fn fixture_line(text: &str, n: usize) -> (&str, usize) {
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == n {
            return (line, offset);
        }
        offset += line.len() + 1;
    }
    panic!("no line {n}");
}

/// Text made of up to `most` of `pieces`, in any order, with repeats.
pub(crate) fn text_of(pieces: &[&'static str], most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces.to_vec()), 0..most).prop_map(|v| v.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_lines_and_their_offsets() {
        let text = "one\n  two\n\nfour";
        for (n, expect) in [
            (1, ("one", 0)),
            (2, ("  two", 4)),
            (3, ("", 10)),
            (4, ("four", 11)),
        ] {
            assert_eq!(fixture_line(text, n), expect, "line {n}");
        }
    }

    #[test]
    #[should_panic(expected = "no line 5")]
    fn a_line_past_the_end_is_a_test_bug() {
        fixture_line("one\ntwo\nthree\nfour", 5);
    }
}
