//! The two backends behind one small query interface: parameters, rows and errors that mean
//! the same on SQLite and PostgreSQL. SQL is written once with `$1` placeholders.

use crate::StoreError;
use std::cell::RefCell;
use std::collections::HashMap;

/// A statement parameter.
#[derive(Debug, Clone, Copy)]
pub enum P<'a> {
    Text(&'a str),
    OptText(Option<&'a str>),
    Int(i64),
    OptInt(Option<i64>),
    Bool(bool),
    /// A `text[]` array: PostgreSQL only (bulk statements with `unnest`).
    TextList(&'a [String]),
}

/// One value of a result row.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
}

/// A result row, read by column index.
#[derive(Debug, Clone)]
pub struct Row(pub(crate) Vec<V>);

fn mismatch(index: usize, wanted: &str, got: &V) -> StoreError {
    StoreError::Corrupt(format!("column {index}: expected {wanted}, found {got:?}"))
}

impl Row {
    pub fn text(&self, index: usize) -> Result<String, StoreError> {
        match &self.0[index] {
            V::Text(text) => Ok(text.clone()),
            other => Err(mismatch(index, "text", other)),
        }
    }
    /// A text column, borrowed.
    pub fn str(&self, index: usize) -> Result<&str, StoreError> {
        match &self.0[index] {
            V::Text(text) => Ok(text),
            other => Err(mismatch(index, "text", other)),
        }
    }
    pub fn opt_text(&self, index: usize) -> Result<Option<String>, StoreError> {
        match &self.0[index] {
            V::Null => Ok(None),
            V::Text(text) => Ok(Some(text.clone())),
            other => Err(mismatch(index, "text or null", other)),
        }
    }
    pub fn int(&self, index: usize) -> Result<i64, StoreError> {
        match &self.0[index] {
            V::Int(value) => Ok(*value),
            other => Err(mismatch(index, "integer", other)),
        }
    }
    pub fn opt_int(&self, index: usize) -> Result<Option<i64>, StoreError> {
        match &self.0[index] {
            V::Null => Ok(None),
            V::Int(value) => Ok(Some(*value)),
            other => Err(mismatch(index, "integer or null", other)),
        }
    }
    pub fn uint(&self, index: usize) -> Result<u64, StoreError> {
        u64::try_from(self.int(index)?)
            .map_err(|_| StoreError::Corrupt(format!("column {index} is negative")))
    }
    pub fn bool(&self, index: usize) -> Result<bool, StoreError> {
        match &self.0[index] {
            V::Bool(value) => Ok(*value),
            // SQLite keeps booleans as 0/1.
            V::Int(value) => Ok(*value != 0),
            other => Err(mismatch(index, "boolean", other)),
        }
    }
}

/// A PostgreSQL connection with its prepared-statement cache (one round trip per statement).
pub struct PgConnection {
    pub(crate) client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl PgConnection {
    pub(crate) fn new(client: postgres::Client) -> PgConnection {
        PgConnection {
            client,
            statements: HashMap::new(),
        }
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// A connection of either backend, borrowed for one transaction.
pub enum Conn<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(RefCell<&'a mut PgConnection>),
}

/// SQLite numbers `$N` by first appearance; `?N` is numbered explicitly, so translate.
/// Runs for every statement executed (the translated text is the statement cache's key):
/// it copies the slices between the `$`s rather than pushing character by character.
fn sqlite_sql(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return sql.into();
    }
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut copied = 0;
    for (i, _) in sql.match_indices('$') {
        if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            out.push_str(&sql[copied..i]);
            out.push('?');
            copied = i + 1;
        }
    }
    out.push_str(&sql[copied..]);
    out.into()
}

impl rusqlite::ToSql for P<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match *self {
            P::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            P::OptText(Some(text)) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            P::OptText(None) | P::OptInt(None) => ToSqlOutput::Owned(Value::Null),
            P::Int(value) | P::OptInt(Some(value)) => ToSqlOutput::Owned(Value::Integer(value)),
            P::Bool(value) => ToSqlOutput::Owned(Value::Integer(i64::from(value))),
            P::TextList(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "text arrays are bound on PostgreSQL only".into(),
                ));
            }
        })
    }
}

fn sqlite_row(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Row> {
    use rusqlite::types::ValueRef;
    let mut values = Vec::with_capacity(columns);
    for index in 0..columns {
        values.push(match row.get_ref(index)? {
            ValueRef::Null => V::Null,
            ValueRef::Integer(value) => V::Int(value),
            ValueRef::Text(bytes) => V::Text(String::from_utf8_lossy(bytes).into_owned()),
            ValueRef::Real(value) => V::Text(value.to_string()),
            ValueRef::Blob(bytes) => V::Text(String::from_utf8_lossy(bytes).into_owned()),
        });
    }
    Ok(Row(values))
}

fn pg_params<'p>(params: &'p [P<'p>]) -> Vec<&'p (dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|param| -> &(dyn postgres::types::ToSql + Sync) {
            match param {
                P::Text(text) => text,
                P::OptText(text) => text,
                P::Int(value) => value,
                P::OptInt(value) => value,
                P::Bool(value) => value,
                P::TextList(values) => values,
            }
        })
        .collect()
}

fn pg_row(row: &postgres::Row) -> Result<Row, StoreError> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row
                .try_get::<_, Option<i64>>(index)?
                .map_or(V::Null, V::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(index)?
                .map_or(V::Null, |v| V::Int(i64::from(v))),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(index)?
                .map_or(V::Null, |v| V::Int(i64::from(v))),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(index)?
                .map_or(V::Null, V::Bool),
            _ => row
                .try_get::<_, Option<String>>(index)?
                .map_or(V::Null, V::Text),
        };
        values.push(value);
    }
    Ok(Row(values))
}

impl Conn<'_> {
    /// Run statements without parameters (transaction control, savepoints).
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Conn::Sqlite(connection) => Ok(connection.execute_batch(sql)?),
            Conn::Postgres(connection) => Ok(connection.borrow_mut().client.batch_execute(sql)?),
        }
    }

    /// Run one statement; returns the rows it changed.
    pub fn execute(&self, sql: &str, params: &[P<'_>]) -> Result<u64, StoreError> {
        match self {
            Conn::Sqlite(connection) => {
                let mut statement = connection.prepare_cached(&sqlite_sql(sql))?;
                Ok(statement.execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Conn::Postgres(connection) => {
                let mut connection = connection.borrow_mut();
                let statement = connection.statement(sql)?;
                Ok(connection.client.execute(&statement, &pg_params(params))?)
            }
        }
    }

    /// Run one query; returns every row.
    pub fn query(&self, sql: &str, params: &[P<'_>]) -> Result<Vec<Row>, StoreError> {
        match self {
            Conn::Sqlite(connection) => {
                let mut statement = connection.prepare_cached(&sqlite_sql(sql))?;
                let columns = statement.column_count();
                let rows = statement
                    .query_map(rusqlite::params_from_iter(params.iter()), |row| {
                        sqlite_row(row, columns)
                    })?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Conn::Postgres(connection) => {
                let mut connection = connection.borrow_mut();
                let statement = connection.statement(sql)?;
                connection
                    .client
                    .query(&statement, &pg_params(params))?
                    .iter()
                    .map(pg_row)
                    .collect()
            }
        }
    }

    /// Run one query expected to return at most one row.
    pub fn query_opt(&self, sql: &str, params: &[P<'_>]) -> Result<Option<Row>, StoreError> {
        let mut rows = self.query(sql, params)?;
        if rows.len() > 1 {
            return Err(StoreError::Corrupt(format!(
                "expected at most one row from: {sql}"
            )));
        }
        Ok(rows.pop())
    }

    /// Run one query expected to return exactly one row.
    pub fn query_one(&self, sql: &str, params: &[P<'_>]) -> Result<Row, StoreError> {
        self.query_opt(sql, params)?
            .ok_or_else(|| StoreError::Corrupt(format!("expected one row from: {sql}")))
    }
}

#[cfg(test)]
mod tests {
    use super::sqlite_sql;

    #[test]
    fn dollar_placeholders_become_numbered_question_marks() {
        assert_eq!(
            sqlite_sql("SELECT $2, $1, '$x' WHERE a = $10"),
            "SELECT ?2, ?1, '$x' WHERE a = ?10"
        );
        assert_eq!(sqlite_sql("SELECT 1"), "SELECT 1");
        // `$` at the end, doubled, and next to non-ASCII text.
        assert_eq!(sqlite_sql("a$"), "a$");
        assert_eq!(sqlite_sql("$$1 = '税$'||$3"), "$?1 = '税$'||?3");
    }
}
