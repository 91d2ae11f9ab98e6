//! Aggregates that build a map: `histogram(x)` (value → count), `map_agg(k, v)` (the
//! first value of each key), `multimap_agg(k, v)` (key → array of its values) and
//! `map_union(m)` (the entries of all maps, the first value of each key). Rows with a NULL
//! key are skipped; keys keep the order they were first seen in.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, MapArray, StructArray};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{ScalarValue, plan_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::utils::format_state_name;
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

/// What a [`MapAggregate`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Histogram,
    MapAgg,
    Multimap,
    Union,
}

/// `histogram`, `map_agg` and `multimap_agg`.
pub(super) fn map_functions() -> Vec<AggregateUDF> {
    [
        (Kind::Histogram, "histogram"),
        (Kind::MapAgg, "map_agg"),
        (Kind::Multimap, "multimap_agg"),
        (Kind::Union, "map_union"),
    ]
    .into_iter()
    .map(|(kind, name)| {
        AggregateUDF::new_from_impl(MapAggregate {
            kind,
            name,
            signature: Signature::user_defined(Volatility::Immutable),
        })
    })
    .collect()
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct MapAggregate {
    kind: Kind,
    name: &'static str,
    signature: Signature,
}

fn list_of(t: &DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t.clone(), true)))
}

/// Arrow's map type with `key` and `value` entries.
fn map_type(key: &DataType, value: &DataType) -> DataType {
    let entries = Fields::from(vec![
        Field::new("key", key.clone(), false),
        Field::new("value", value.clone(), true),
    ]);
    DataType::Map(
        Arc::new(Field::new("entries", DataType::Struct(entries), false)),
        false,
    )
}

impl MapAggregate {
    /// The map's key type for arguments of types `args`.
    fn key_type(&self, args: &[DataType]) -> Result<DataType> {
        match (self.kind, args) {
            (Kind::Union, [map]) => map_entry_types(map).map(|(k, _)| k),
            (_, [key, ..]) => Ok(key.clone()),
            _ => plan_err!("Unexpected number of arguments for {}", self.name),
        }
    }

    /// The map's value type for arguments of types `args`.
    fn value_type(&self, args: &[DataType]) -> Result<DataType> {
        Ok(match (self.kind, args) {
            (Kind::Union, [map]) => map_entry_types(map)?.1,
            (Kind::Histogram, [_]) => DataType::Int64,
            (Kind::MapAgg, [_, v]) => v.clone(),
            (Kind::Multimap, [_, v]) => list_of(v),
            _ => return plan_err!("Unexpected number of arguments for {}", self.name),
        })
    }

    /// The type of the values kept in the state (a count for `histogram`).
    fn pair_value_type(&self, args: &[DataType]) -> Result<DataType> {
        Ok(match (self.kind, args) {
            (Kind::Union, _) => self.value_type(args)?,
            (_, [_, v]) => v.clone(),
            _ => DataType::Int64,
        })
    }
}

/// The key and value types of a map type.
fn map_entry_types(map: &DataType) -> Result<(DataType, DataType)> {
    if let DataType::Map(entries, _) = map
        && let DataType::Struct(fields) = entries.data_type()
        && let [key, value] = fields.iter().as_slice()
    {
        return Ok((key.data_type().clone(), value.data_type().clone()));
    }
    plan_err!("map_union takes a map, got {map}")
}

impl AggregateUDFImpl for MapAggregate {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        self.value_type(arg_types)?;
        Ok(arg_types.to_vec())
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        if self.kind == Kind::Union {
            self.value_type(arg_types)?;
            return Ok(arg_types[0].clone());
        }
        Ok(map_type(
            &self.key_type(arg_types)?,
            &self.value_type(arg_types)?,
        ))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let types: Vec<DataType> = args
            .input_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        Ok(vec![
            Arc::new(Field::new(
                format_state_name(args.name, "keys"),
                list_of(&self.key_type(&types)?),
                true,
            )),
            Arc::new(Field::new(
                format_state_name(args.name, "values"),
                list_of(&self.pair_value_type(&types)?),
                true,
            )),
        ])
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let types: Vec<DataType> = args
            .expr_fields
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        Ok(Box::new(MapAccumulator {
            kind: self.kind,
            key_type: self.key_type(&types)?,
            value_type: self.pair_value_type(&types)?,
            map_type: args.return_field.data_type().clone(),
            keys: Vec::new(),
            index: HashMap::new(),
            values: Vec::new(),
        }))
    }
}

#[derive(Debug)]
struct MapAccumulator {
    kind: Kind,
    key_type: DataType,
    /// The type of one value (a count for `histogram`).
    value_type: DataType,
    map_type: DataType,
    /// Keys in the order first seen.
    keys: Vec<ScalarValue>,
    index: HashMap<ScalarValue, usize>,
    /// The values of each key (one count for `histogram`, one value for `map_agg`).
    values: Vec<Vec<ScalarValue>>,
}

impl MapAccumulator {
    /// Adds `value` for `key`; for `histogram`, `value` is a count to add.
    fn add(&mut self, key: ScalarValue, value: ScalarValue) {
        let slot = match self.index.get(&key) {
            Some(slot) => *slot,
            None => {
                self.index.insert(key.clone(), self.keys.len());
                self.keys.push(key);
                self.values.push(Vec::new());
                self.keys.len() - 1
            }
        };
        let values = &mut self.values[slot];
        match self.kind {
            Kind::Histogram => {
                let add = match value {
                    ScalarValue::Int64(Some(n)) => n,
                    _ => 0,
                };
                match values.first_mut() {
                    Some(ScalarValue::Int64(Some(count))) => *count += add,
                    _ => *values = vec![ScalarValue::Int64(Some(add))],
                }
            }
            Kind::MapAgg | Kind::Union if !values.is_empty() => {}
            _ => values.push(value),
        }
    }

    /// `(key, value)` pairs flattened for the state.
    fn pairs(&self) -> (Vec<ScalarValue>, Vec<ScalarValue>) {
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, list) in self.keys.iter().zip(&self.values) {
            for value in list {
                keys.push(key.clone());
                values.push(value.clone());
            }
        }
        (keys, values)
    }
}

impl Accumulator for MapAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let Some(keys) = values.first() else {
            return plan_err!("missing argument");
        };
        if self.kind == Kind::Union {
            // Every entry of every map, as `map_agg` of the flattened entries.
            let maps = keys.as_map();
            let entries: Vec<ArrayRef> = vec![maps.keys().clone(), maps.values().clone()];
            let offsets = maps.value_offsets();
            for row in 0..maps.len() {
                if maps.is_null(row) {
                    continue;
                }
                for j in offsets[row] as usize..offsets[row + 1] as usize {
                    self.add(
                        ScalarValue::try_from_array(&entries[0], j)?,
                        ScalarValue::try_from_array(&entries[1], j)?,
                    );
                }
            }
            return Ok(());
        }
        for row in 0..keys.len() {
            if keys.is_null(row) {
                continue;
            }
            let value = match values.get(1) {
                Some(v) => ScalarValue::try_from_array(v, row)?,
                None => ScalarValue::Int64(Some(1)),
            };
            self.add(ScalarValue::try_from_array(keys, row)?, value);
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        if self.keys.is_empty() {
            return ScalarValue::try_from(&self.map_type);
        }
        let DataType::Map(entries_field, sorted) = &self.map_type else {
            return plan_err!("map aggregate returns a map");
        };
        let DataType::Struct(fields) = entries_field.data_type() else {
            return plan_err!("map entries are a struct");
        };
        let keys = ScalarValue::iter_to_array(self.keys.iter().cloned())?;
        let values: ArrayRef = match self.kind {
            Kind::Histogram => Arc::new(
                self.values
                    .iter()
                    .map(|v| match v.first() {
                        Some(ScalarValue::Int64(n)) => *n,
                        _ => None,
                    })
                    .collect::<Int64Array>(),
            ),
            Kind::MapAgg | Kind::Union => ScalarValue::iter_to_array(
                self.values
                    .iter()
                    .map(|v| v.first().cloned().unwrap_or(ScalarValue::Null)),
            )?,
            Kind::Multimap => ScalarValue::iter_to_array(
                self.values
                    .iter()
                    .map(|v| ScalarValue::List(ScalarValue::new_list(v, &self.value_type, true))),
            )?,
        };
        let entries = StructArray::try_new(fields.clone(), vec![keys, values], None)?;
        let offsets = OffsetBuffer::from_lengths([entries.len()]);
        let map = MapArray::try_new(entries_field.clone(), offsets, entries, None, *sorted)?;
        Ok(ScalarValue::Map(Arc::new(map)))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self.keys.iter().map(ScalarValue::size).sum::<usize>() * 2
            + self
                .values
                .iter()
                .flatten()
                .map(ScalarValue::size)
                .sum::<usize>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let (keys, values) = self.pairs();
        Ok(vec![
            ScalarValue::List(ScalarValue::new_list(&keys, &self.key_type, true)),
            ScalarValue::List(ScalarValue::new_list(&values, &self.value_type, true)),
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let [keys, values] = states else {
            return plan_err!("bad map aggregate state");
        };
        let (keys, values) = (keys.as_list::<i32>(), values.as_list::<i32>());
        for row in 0..keys.len() {
            if keys.is_null(row) || values.is_null(row) {
                continue;
            }
            let (k, v) = (keys.value(row), values.value(row));
            for i in 0..k.len() {
                self.add(
                    ScalarValue::try_from_array(&k, i)?,
                    ScalarValue::try_from_array(&v, i)?,
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::StringArray;
    use arrow::datatypes::Int64Type;

    fn accumulator(kind: Kind, value_type: DataType) -> MapAccumulator {
        let map_value = match kind {
            Kind::Histogram => DataType::Int64,
            Kind::MapAgg | Kind::Union => value_type.clone(),
            Kind::Multimap => list_of(&value_type),
        };
        MapAccumulator {
            kind,
            key_type: DataType::Utf8,
            value_type,
            map_type: map_type(&DataType::Utf8, &map_value),
            keys: Vec::new(),
            index: HashMap::new(),
            values: Vec::new(),
        }
    }

    fn entries(map: ScalarValue) -> (ArrayRef, ArrayRef) {
        let ScalarValue::Map(map) = map else {
            panic!("not a map: {map:?}")
        };
        (map.keys().clone(), map.values().clone())
    }

    #[test]
    fn histogram_counts() {
        let mut acc = accumulator(Kind::Histogram, DataType::Int64);
        let rows: ArrayRef = Arc::new(StringArray::from(vec![
            Some("a"),
            Some("b"),
            Some("a"),
            None,
            Some("a"),
        ]));
        acc.update_batch(&[rows]).unwrap();
        // Merging a partial state adds its counts.
        let state: Vec<ArrayRef> = acc
            .state()
            .unwrap()
            .iter()
            .map(|s| s.to_array().unwrap())
            .collect();
        acc.merge_batch(&state).unwrap();
        let (keys, counts) = entries(acc.evaluate().unwrap());
        assert_eq!(keys.as_string::<i32>().value(0), "a");
        assert_eq!(counts.as_primitive::<Int64Type>().values(), &[6, 2]);
    }

    #[test]
    fn map_agg_keeps_the_first_value() {
        let mut acc = accumulator(Kind::MapAgg, DataType::Int64);
        let keys: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "a"]));
        let values: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
        acc.update_batch(&[keys, values]).unwrap();
        let (keys, values) = entries(acc.evaluate().unwrap());
        assert_eq!(keys.len(), 2);
        assert_eq!(values.as_primitive::<Int64Type>().values(), &[1, 2]);
    }

    #[test]
    fn map_union_merges_maps() {
        let mut acc = accumulator(Kind::MapAgg, DataType::Int64);
        let keys: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "a"]));
        let values: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3]));
        acc.update_batch(&[keys, values]).unwrap();
        let ScalarValue::Map(map) = acc.evaluate().unwrap() else {
            panic!("not a map")
        };
        let mut union = accumulator(Kind::Union, DataType::Int64);
        let maps: ArrayRef = map;
        union.update_batch(std::slice::from_ref(&maps)).unwrap();
        union.update_batch(&[maps]).unwrap();
        let (keys, values) = entries(union.evaluate().unwrap());
        assert_eq!(keys.len(), 2);
        assert_eq!(values.as_primitive::<Int64Type>().values(), &[1, 2]);
    }

    #[test]
    fn multimap_collects_every_value() {
        let mut acc = accumulator(Kind::Multimap, DataType::Int64);
        let keys: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "a"]));
        let values: ArrayRef = Arc::new(Int64Array::from(vec![3, 2, 1]));
        acc.update_batch(&[keys, values]).unwrap();
        let (_, values) = entries(acc.evaluate().unwrap());
        let first = values.as_list::<i32>().value(0);
        assert_eq!(first.as_primitive::<Int64Type>().values(), &[3, 1]);
    }
}
