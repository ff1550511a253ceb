//! Response types inferred from the example JSON in 200 descriptions.
//!
//! HostBill specs declare no response schemas, so the only description of a
//! response is its example. [`repair_example`] parses an example, repairing
//! the usual defects of hand-written JSON, and [`infer_types`] turns the
//! parsed examples of all operations into named structs.
//!
//! Inference rules:
//! - An object becomes a struct, and an array takes the merged type of its
//!   items. A field missing from some items or samples is not always
//!   present.
//! - `null`, `[]` and `{}` carry no type and merge into any other type.
//!   Integer and number merge to number, and other disagreeing kinds give
//!   [`TypeRef::Any`].
//! - A string is an integer or number when its text is one (`"26"`,
//!   `"19.65"`), because PHP portals send numbers as strings.
//!   `shape::classify_text` lists the strings that stay strings.
//! - An object keyed by ids or other data is a [`TypeRef::Map`], by the rule
//!   in `shape::classify_object`.
//! - Objects that prefer the same name and have compatible fields share one
//!   struct across operations. `unify` states the exact rule, and `naming`
//!   how names are made.
//!
//! The output depends only on the inputs and their order.

mod lex;
mod naming;
mod repair;
mod shape;
mod unify;

#[cfg(test)]
mod spec_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::Value;

pub use repair::{Repaired, UnparseableExample, repair_example};

use crate::names::Scope;
use shape::{Shape, classify, log_conflicts, merge};
use unify::{Unifier, type_ref};

/// The type of a response field, as inferred from examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// Nothing known: only `null`, `[]` or `{}` was seen, or the samples
    /// disagree.
    Any,
    /// Text.
    String,
    /// A whole number, sent as a JSON number or as text.
    Integer,
    /// A decimal number, sent as a JSON number or as text.
    Number,
    /// JSON `true` or `false`.
    Boolean,
    /// A struct in [`Inferred::types`], by Rust type name.
    Named(String),
    /// An array of items of one type.
    List(Box<TypeRef>),
    /// An object whose keys are ids or other data, not field names.
    Map(Box<TypeRef>),
}

/// A struct inferred from example objects.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Rust type name, claimed in the type scope passed to [`infer_types`].
    pub rust_name: String,
    /// Fields in order of first appearance in the examples.
    pub fields: Vec<FieldDef>,
    /// One example value of this struct, for documentation: the sample with
    /// the most fields.
    pub example: Value,
    /// Operations (their Rust method names) whose responses contain it, in
    /// input order.
    pub used_by: Vec<String>,
}

/// One field of an inferred struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// Wire name.
    pub name: String,
    /// snake_case identifier from [`crate::names::snake_ident`], unique in
    /// the struct and never `extra`.
    pub rust_name: String,
    /// The inferred type.
    pub ty: TypeRef,
    /// False when some samples lack the field.
    pub always_present: bool,
}

/// One parsed example and the operation it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct ExampleInput<'a> {
    /// The operation's Rust method name, snake_case, such as
    /// `get_invoice_details`.
    pub operation: &'a str,
    /// The parsed example.
    pub value: &'a Value,
}

/// The result of [`infer_types`].
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    /// Every inferred struct, in order of first appearance in the inputs, so
    /// each struct follows the first struct that contains it.
    pub types: Vec<StructDef>,
    /// One root per input, in input order. `None` when the example gives no
    /// usable shape (`null`, `[]`, `{}` or samples that disagree).
    pub roots: Vec<Option<TypeRef>>,
}

/// Infers response types from the examples of all operations.
///
/// Inputs with the same `operation` are samples of one response and merge
/// into one root type. The response of each operation is named
/// `{Operation}Response`, or its items `{Operation}Item` when the response
/// is an array or map. Every name is claimed in `type_scope`, so it cannot
/// clash with names already taken there.
pub fn infer_types(inputs: &[ExampleInput<'_>], type_scope: &mut Scope) -> Inferred {
    let mut operations: Vec<&str> = Vec::new();
    let mut group_shapes: Vec<Shape<'_>> = Vec::new();
    let mut group_of_input = Vec::with_capacity(inputs.len());
    let mut group_by_operation: BTreeMap<&str, usize> = BTreeMap::new();
    for input in inputs {
        let group = *group_by_operation
            .entry(input.operation)
            .or_insert_with(|| {
                operations.push(input.operation);
                group_shapes.push(Shape::Unknown);
                operations.len() - 1
            });
        group_of_input.push(group);
        let mut conflicts = Vec::new();
        let shape = classify(input.value, "", 0, &mut conflicts);
        let previous = std::mem::take(&mut group_shapes[group]);
        group_shapes[group] = merge(previous, shape, "", &mut conflicts);
        log_conflicts(input.operation, &conflicts);
    }

    let pascals: Vec<String> = operations
        .iter()
        .map(|operation| naming::operation_pascal(operation))
        .collect();
    let mut unifier = Unifier::default();
    let roots: Vec<Shape<'_>> = group_shapes
        .into_iter()
        .enumerate()
        .map(|(group, shape)| unifier.add_response(shape, group, &pascals[group]))
        .collect();
    let (types, rust_names) = unifier.into_structs(&operations, &pascals, type_scope);

    let roots = group_of_input
        .into_iter()
        .map(|group| match type_ref(&roots[group], &rust_names) {
            TypeRef::Any => None,
            root => Some(root),
        })
        .collect();
    Inferred { types, roots }
}
