//! The words every collation check sorts. Chosen so that one list separates
//! the behaviours: upper vs lower case (apple, Apple, Banana), accents and
//! their position (éclair, eclair, résumé, resume), German umlauts and ß
//! (Äpfel, Ärger, Zürich, Straße), and Turkish dotted/dotless i
//! (ıi, ilk, Istanbul, İzmir, ıslak). No word contains NUL.

pub const WORDS: &[&str] = &[
    "apple", "Banana", "cherry", "Äpfel", "zebra", "éclair", "Zürich", "ıi", "Apple", "banana",
    "eclair", "résumé", "resume", "Ärger", "ähnlich", "Straße", "strasse", "ilk", "Istanbul",
    "İzmir", "ıslak", "zoo",
];

/// The words in byte order: what `strcmp` (and `LC_ALL=C sort`) gives.
pub fn byte_order() -> Vec<String> {
    let mut w: Vec<String> = WORDS.iter().map(|s| s.to_string()).collect();
    w.sort();
    w
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_distinct_and_byte_order_is_sorted() {
        let b = super::byte_order();
        assert_eq!(b.len(), super::WORDS.len());
        assert!(b.windows(2).all(|p| p[0] < p[1]));
        assert_eq!(b.first().map(String::as_str), Some("Apple"));
    }
}
