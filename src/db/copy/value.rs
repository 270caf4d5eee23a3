//! One stored value, typed the same way on both backends, and the
//! order-independent checksum of a table's rows.

use sha2::{Digest, Sha256};

/// What a column holds. PostgreSQL's types decide (SQLite keeps ids as text
/// and every number as an integer), so both sides read a column the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    Uuid,
}

impl Kind {
    /// The kind of a PostgreSQL column from `information_schema.columns.data_type`.
    pub fn of_postgres(data_type: &str) -> anyhow::Result<Self> {
        match data_type {
            "bigint" | "integer" | "smallint" => Ok(Self::Int),
            "text" | "character varying" => Ok(Self::Text),
            "uuid" => Ok(Self::Uuid),
            other => anyhow::bail!("db copy does not know the column type {other:?}"),
        }
    }

    /// The kind of a SQLite column from its declared type (ids are text there).
    pub fn of_sqlite(declared: &str) -> Self {
        if declared.to_ascii_uppercase().contains("INT") {
            Self::Int
        } else {
            Self::Text
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Uuid(uuid::Uuid),
}

impl Value {
    /// A `Uuid` column's value as SQLite keeps it (text), checked.
    pub fn uuid_from_text(text: Option<String>, column: &str) -> anyhow::Result<Self> {
        match text {
            None => Ok(Self::Null),
            Some(text) => uuid::Uuid::try_parse(&text)
                .map(Self::Uuid)
                .map_err(|_| anyhow::anyhow!("{column} holds {text:?}, which is not an id")),
        }
    }

    fn feed(&self, hasher: &mut Sha256) {
        let (tag, bytes): (u8, Vec<u8>) = match self {
            Self::Null => (0, Vec::new()),
            Self::Int(n) => (1, n.to_le_bytes().to_vec()),
            Self::Text(text) => (2, text.as_bytes().to_vec()),
            Self::Uuid(id) => (3, id.as_bytes().to_vec()),
        };
        hasher.update([tag]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
}

/// Rows counted and summed as hashes: the same on both sides whatever order
/// each database returns them in (text sorts differently in PostgreSQL).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checksum {
    pub rows: u64,
    sum: u128,
}

impl Checksum {
    pub fn add(&mut self, row: &[Value]) {
        let mut hasher = Sha256::new();
        for value in row {
            value.feed(&mut hasher);
        }
        let digest = hasher.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
        self.rows += 1;
    }

    pub fn hex(&self) -> String {
        format!("{:032x}", self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u128, text: &str) -> Vec<Value> {
        vec![
            Value::Uuid(uuid::Uuid::from_u128(id)),
            Value::Text(text.into()),
        ]
    }

    #[test]
    fn the_checksum_ignores_row_order_but_not_a_changed_value() {
        let mut one = Checksum::default();
        let mut two = Checksum::default();
        one.add(&row(1, "a"));
        one.add(&row(2, "b"));
        two.add(&row(2, "b"));
        two.add(&row(1, "a"));
        assert_eq!(one, two);
        let mut changed = Checksum::default();
        changed.add(&row(1, "a"));
        changed.add(&row(2, "c"));
        assert_ne!(one.hex(), changed.hex());
    }

    #[test]
    fn values_that_print_alike_hash_apart() {
        let mut null = Checksum::default();
        null.add(&[Value::Null, Value::Text("x".into())]);
        let mut empty = Checksum::default();
        empty.add(&[Value::Text(String::new()), Value::Text("x".into())]);
        let mut shifted = Checksum::default();
        shifted.add(&[Value::Text("x".into()), Value::Null]);
        assert_ne!(null, empty);
        assert_ne!(null, shifted);
        let mut number = Checksum::default();
        number.add(&[Value::Int(1)]);
        let mut text = Checksum::default();
        text.add(&[Value::Text("1".into())]);
        assert_ne!(number, text);
    }

    #[test]
    fn an_id_stored_as_text_must_be_an_id() {
        let id = uuid::Uuid::from_u128(7);
        assert_eq!(
            Value::uuid_from_text(Some(id.to_string()), "t.c").unwrap(),
            Value::Uuid(id)
        );
        assert_eq!(Value::uuid_from_text(None, "t.c").unwrap(), Value::Null);
        let refused = Value::uuid_from_text(Some("nope".into()), "t.c").unwrap_err();
        assert!(refused.to_string().contains("t.c"), "{refused}");
    }
}
