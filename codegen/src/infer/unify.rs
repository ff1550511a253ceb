//! Turning the object shapes of all responses into named structs.
//!
//! Objects are visited children first, so that when an object is compared
//! with the structs found so far, its nested objects are already structs
//! and compare by identity. An object joins the first earlier struct that
//! prefers the same name and is compatible with it:
//! - more than half of the fields of the one with fewer fields are in the
//!   other, so a subset always qualifies;
//! - every shared field merges without a conflict, which for nested
//!   structs means the same struct.
//!
//! The overlap rule lets the summary of a list item (the invoice in
//! `GET /invoice`) share a struct with the full record (`GET /invoice/@id`),
//! as a hand-written client would. A join takes the union of the fields, and
//! a field missing from some samples is no longer always present. The root
//! object of each operation is never joined, so every response gets its own
//! `{Operation}Response`.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;

use super::naming;
use super::shape::{Conflict, FieldShape, ObjectShape, Shape, merge, merge_objects};
use super::{FieldDef, StructDef, TypeRef};
use crate::names::{self, Scope};

/// How many earlier structs with the same preferred name an object is
/// compared with, which bounds the work when one name occurs very often.
const MAX_JOIN_CANDIDATES: usize = 32;

/// The place of an object, which decides its preferred name.
#[derive(Debug, Clone)]
enum Slot<'k> {
    /// The value of `key` in the object named `parent`.
    Field { key: &'k str, parent: &'k str },
    /// An item of the array or map under `key` in the object named
    /// `parent`.
    Item { key: &'k str, parent: &'k str },
    /// A name fixed by the operation, for items of a response that is an
    /// array or map.
    Fixed(String),
}

impl Slot<'_> {
    fn preferred_name(&self) -> String {
        match self {
            Slot::Field { key, parent } => naming::object_name(key, parent),
            Slot::Item { key, parent } => naming::item_name(key, parent),
            Slot::Fixed(name) => name.clone(),
        }
    }

    /// Returns the slot of the items when this slot contains an array or map.
    fn items(self) -> Self {
        match self {
            Slot::Field { key, parent } => Slot::Item { key, parent },
            other => other,
        }
    }
}

/// One object in one response, numbered in depth-first order with parents
/// before children.
#[derive(Debug)]
struct Occurrence {
    parent: Option<usize>,
    operation: usize,
    class: Option<usize>,
}

/// A struct: the merged shape of every object that joined it.
#[derive(Debug)]
struct Class<'a> {
    preferred_name: String,
    shape: ObjectShape<'a>,
    root: bool,
    /// The earliest occurrence, which decides naming order and qualifier.
    first_occurrence: usize,
    operations: BTreeSet<usize>,
    rust_name: String,
}

/// Collects the structs of all responses.
#[derive(Debug, Default)]
pub(super) struct Unifier<'a> {
    classes: Vec<Class<'a>>,
    /// Non-root classes by preferred name, in creation order.
    by_preferred_name: BTreeMap<String, Vec<usize>>,
    occurrences: Vec<Occurrence>,
}

impl<'a> Unifier<'a> {
    /// Replaces every object in the response shape of operation number
    /// `operation` with a class.
    pub(super) fn add_response(
        &mut self,
        shape: Shape<'a>,
        operation: usize,
        operation_pascal: &str,
    ) -> Shape<'a> {
        match shape {
            Shape::Object(object) => {
                let name = format!("{operation_pascal}Response");
                let class = self.add_object(*object, name, operation_pascal, None, operation, true);
                Shape::Class(class)
            }
            other => {
                let slot = Slot::Fixed(format!("{operation_pascal}Item"));
                self.add_nested(other, slot, None, operation)
            }
        }
    }

    fn add_nested(
        &mut self,
        shape: Shape<'a>,
        slot: Slot<'_>,
        parent: Option<usize>,
        operation: usize,
    ) -> Shape<'a> {
        match shape {
            Shape::Object(object) => {
                let name = slot.preferred_name();
                let prefix = name.clone();
                Shape::Class(self.add_object(*object, name, &prefix, parent, operation, false))
            }
            Shape::List(items) => Shape::List(Box::new(self.add_nested(
                *items,
                slot.items(),
                parent,
                operation,
            ))),
            Shape::Map(values) => Shape::Map(Box::new(self.add_nested(
                *values,
                slot.items(),
                parent,
                operation,
            ))),
            other => other,
        }
    }

    /// Adds one object and its nested objects, and returns its class.
    /// `child_prefix` qualifies the vague names of its nested objects: the
    /// object's own name, or the operation for a response.
    fn add_object(
        &mut self,
        object: ObjectShape<'a>,
        preferred_name: String,
        child_prefix: &str,
        parent: Option<usize>,
        operation: usize,
        root: bool,
    ) -> usize {
        let occurrence = self.occurrences.len();
        self.occurrences.push(Occurrence {
            parent,
            operation,
            class: None,
        });
        let mut fields = IndexMap::with_capacity(object.fields.len());
        for (key, field) in object.fields {
            let slot = Slot::Field {
                key: &key,
                parent: child_prefix,
            };
            let shape = self.add_nested(field.shape, slot, Some(occurrence), operation);
            fields.insert(
                key,
                FieldShape {
                    shape,
                    seen: field.seen,
                },
            );
        }
        let shape = ObjectShape {
            fields,
            samples: object.samples,
            example: object.example,
        };
        let class = if root {
            self.new_class(shape, preferred_name, occurrence, operation, true)
        } else {
            self.join_class(shape, preferred_name, occurrence, operation)
        };
        self.occurrences[occurrence].class = Some(class);
        class
    }

    fn join_class(
        &mut self,
        shape: ObjectShape<'a>,
        preferred_name: String,
        occurrence: usize,
        operation: usize,
    ) -> usize {
        let candidates = self
            .by_preferred_name
            .get(&preferred_name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let joined = candidates
            .iter()
            .take(MAX_JOIN_CANDIDATES)
            .copied()
            .find(|&candidate| compatible(&self.classes[candidate].shape, &shape));
        let Some(id) = joined else {
            return self.new_class(shape, preferred_name, occurrence, operation, false);
        };
        let class = &mut self.classes[id];
        // `compatible` has checked every shared field, so this merge finds
        // no conflicts.
        merge_objects(&mut class.shape, shape, &mut Vec::new());
        class.first_occurrence = class.first_occurrence.min(occurrence);
        class.operations.insert(operation);
        id
    }

    fn new_class(
        &mut self,
        shape: ObjectShape<'a>,
        preferred_name: String,
        occurrence: usize,
        operation: usize,
        root: bool,
    ) -> usize {
        let id = self.classes.len();
        if !root {
            self.by_preferred_name
                .entry(preferred_name.clone())
                .or_default()
                .push(id);
        }
        self.classes.push(Class {
            preferred_name,
            shape,
            root,
            first_occurrence: occurrence,
            operations: BTreeSet::from([operation]),
            rust_name: String::new(),
        });
        id
    }

    /// Claims a Rust name for every class in `type_scope`, and returns the
    /// structs in order of first occurrence with the Rust name of each class.
    ///
    /// Responses claim first, so that each gets its exact name. The other
    /// classes claim in order of their first occurrence. A class whose
    /// preferred name is taken is prefixed with the name of the parent struct
    /// of its first occurrence, or with the operation when that parent is
    /// the response. `type_scope` adds a number when that is taken too.
    pub(super) fn into_structs(
        mut self,
        operations: &[&str],
        operation_pascals: &[String],
        type_scope: &mut Scope,
    ) -> (Vec<StructDef>, Vec<String>) {
        let mut order: Vec<usize> = (0..self.classes.len()).collect();
        order.sort_by_key(|&id| (!self.classes[id].root, self.classes[id].first_occurrence));
        for &id in &order {
            let class = &self.classes[id];
            let preferred = &class.preferred_name;
            let rust_name = if class.root || !type_scope.contains(preferred) {
                type_scope.claim_camel(preferred)
            } else {
                let qualifier = self.qualifier(id, operation_pascals);
                if preferred.starts_with(&qualifier) {
                    type_scope.claim_camel(preferred)
                } else {
                    type_scope.claim_camel(&format!("{qualifier}{preferred}"))
                }
            };
            self.classes[id].rust_name = rust_name;
        }

        let rust_names: Vec<String> = self
            .classes
            .iter()
            .map(|class| class.rust_name.clone())
            .collect();
        order.sort_by_key(|&id| self.classes[id].first_occurrence);
        let structs = order
            .into_iter()
            .map(|id| struct_def(&self.classes[id], &rust_names, operations))
            .collect();
        (structs, rust_names)
    }

    fn qualifier(&self, id: usize, operation_pascals: &[String]) -> String {
        let occurrence = &self.occurrences[self.classes[id].first_occurrence];
        let parent_class = occurrence
            .parent
            .and_then(|parent| self.occurrences[parent].class)
            .filter(|&parent| parent != id)
            .map(|parent| &self.classes[parent])
            .filter(|parent| !parent.root && !parent.rust_name.is_empty());
        match parent_class {
            Some(parent) => parent.rust_name.clone(),
            None => operation_pascals
                .get(occurrence.operation)
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// Returns whether `incoming` may join a class with shape `existing`: more
/// than half of the fields of the smaller one are in the other, and the
/// shared fields merge without a conflict.
fn compatible(existing: &ObjectShape<'_>, incoming: &ObjectShape<'_>) -> bool {
    let (smaller, larger) = if existing.fields.len() <= incoming.fields.len() {
        (existing, incoming)
    } else {
        (incoming, existing)
    };
    let mut shared = 0;
    for (key, field) in &smaller.fields {
        let Some(other) = larger.fields.get(key) else {
            continue;
        };
        let mut conflicts: Vec<Conflict> = Vec::new();
        merge(
            field.shape.clone(),
            other.shape.clone(),
            key,
            &mut conflicts,
        );
        if !conflicts.is_empty() {
            return false;
        }
        shared += 1;
    }
    shared * 2 > smaller.fields.len()
}

fn struct_def(class: &Class<'_>, rust_names: &[String], operations: &[&str]) -> StructDef {
    let mut field_scope = Scope::with_reserved(["extra"]);
    let fields = class
        .shape
        .fields
        .iter()
        .map(|(key, field)| FieldDef {
            name: key.clone(),
            rust_name: field_scope.claim(&names::snake_ident(key)),
            ty: type_ref(&field.shape, rust_names),
            always_present: field.seen == class.shape.samples,
        })
        .collect();
    StructDef {
        rust_name: class.rust_name.clone(),
        fields,
        example: class.shape.example.clone(),
        used_by: class
            .operations
            .iter()
            .filter_map(|&operation| operations.get(operation))
            .map(|operation| (*operation).to_owned())
            .collect(),
    }
}

/// Converts a shape whose objects are all classes to a [`TypeRef`].
pub(super) fn type_ref(shape: &Shape<'_>, rust_names: &[String]) -> TypeRef {
    match shape {
        Shape::Unknown | Shape::Any | Shape::Object(_) => TypeRef::Any,
        Shape::String => TypeRef::String,
        Shape::Integer { .. } => TypeRef::Integer,
        Shape::Number { .. } => TypeRef::Number,
        Shape::Boolean => TypeRef::Boolean,
        Shape::List(items) => TypeRef::List(Box::new(type_ref(items, rust_names))),
        Shape::Map(values) => TypeRef::Map(Box::new(type_ref(values, rust_names))),
        Shape::Class(id) => rust_names
            .get(*id)
            .map_or(TypeRef::Any, |name| TypeRef::Named(name.clone())),
    }
}
