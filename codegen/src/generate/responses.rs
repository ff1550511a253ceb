//! Emitting the response structs inferred from example responses.
//!
//! Every field is optional, because an example shows one response and the
//! portal may leave fields out. Field values use the runtime's loose types
//! (`Loose<i64>`, `LooseObject<T>`, `LooseList<T>`, `LooseMap<T>`), which
//! accept what a PHP portal sends instead of the example's exact types and
//! keep the wire form, and each struct keeps unknown fields in `extra`. So
//! decoding a response and encoding it again gives back the same JSON.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{doc_attributes, ident};
use crate::model::{Api, FieldDef, StructDef, TypeRef};
use crate::names::unraw;

/// Maximum length of the example in a struct's documentation, in lines.
const MAX_EXAMPLE_LINES: usize = 40;

/// Maximum length of the example in a field's documentation, in characters.
const MAX_FIELD_EXAMPLE_CHARS: usize = 60;

/// Builds every response struct.
pub(crate) fn response_structs(api: &Api) -> TokenStream {
    let structs = api.response_types.iter().map(response_struct);
    quote! { #(#structs)* }
}

fn response_struct(def: &StructDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let docs = doc_attributes(&struct_doc_lines(def));
    let fields = def
        .fields
        .iter()
        .map(|field| response_field(field, &def.example));
    quote! {
        #docs
        #[derive(
            ::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub struct #name {
            #(#fields)*
            /// Fields the example did not show, kept as sent so that encoding
            /// the struct gives back the same JSON.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }
    }
}

fn response_field(field: &FieldDef, example: &Value) -> TokenStream {
    let field_ident = ident(&field.rust_name);
    let ty = field_type(&field.ty);
    let wire_name = field.name.as_str();
    let docs = doc_attributes(&[field_doc(field, example)]);
    let rename = (unraw(&field.rust_name) != wire_name).then(|| quote! { rename = #wire_name, });
    quote! {
        #docs
        #[serde(
            #rename
            default,
            deserialize_with = "crate::runtime::deserialize_some",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub #field_ident: ::std::option::Option<#ty>,
    }
}

fn field_doc(field: &FieldDef, example: &Value) -> String {
    let wire = field.name.replace('`', "'");
    let sample = example.get(&field.name);
    if field.name == "info" && sample.is_none() {
        return "Messages the portal adds to a successful response, such as `label_updated`."
            .to_owned();
    }
    let sample = sample
        .filter(|value| !value.is_object() && !value.is_array())
        .map(|value| {
            let text = value.to_string();
            let text = if text.chars().count() > MAX_FIELD_EXAMPLE_CHARS {
                let cut: String = text.chars().take(MAX_FIELD_EXAMPLE_CHARS).collect();
                format!("{cut}…")
            } else {
                text
            };
            format!(", for example `{}`", text.replace('`', "'"))
        })
        .unwrap_or_default();
    format!("The `{wire}` field{sample}.")
}

fn struct_doc_lines(def: &StructDef) -> Vec<String> {
    let mut lines = vec![format!(
        "`{}`, inferred from example responses.",
        def.rust_name
    )];
    if !def.used_by.is_empty() {
        let methods: Vec<String> = def
            .used_by
            .iter()
            .map(|method| format!("[`Client::{method}`](crate::Client::{method})"))
            .collect();
        lines.push(String::new());
        lines.push(format!("Part of the responses of {}.", methods.join(", ")));
    }

    let pretty = serde_json::to_string_pretty(&def.example).unwrap_or_default();
    let example_lines: Vec<&str> = pretty.lines().collect();
    if !example_lines.is_empty() {
        lines.push(String::new());
        lines.push("# Example".to_owned());
        lines.push(String::new());
        lines.push("```json".to_owned());
        for line in example_lines.iter().take(MAX_EXAMPLE_LINES) {
            lines.push(line.replace("```", "'''"));
        }
        if example_lines.len() > MAX_EXAMPLE_LINES {
            lines.push("...".to_owned());
        }
        lines.push("```".to_owned());
    }
    lines
}

/// Returns the type of an optional response field.
fn field_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::runtime::LooseObject<crate::types::#name> }
        }
        other => item_type(other),
    }
}

/// Returns the type of a list or map item, and of a whole response body.
pub(crate) fn item_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Any => quote! { ::serde_json::Value },
        TypeRef::String => quote! { crate::runtime::Loose<::std::string::String> },
        TypeRef::Integer => quote! { crate::runtime::Loose<i64> },
        TypeRef::Number => quote! { crate::runtime::Loose<f64> },
        TypeRef::Boolean => quote! { crate::runtime::Loose<bool> },
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::types::#name }
        }
        TypeRef::List(items) => {
            let items = item_type(items);
            quote! { crate::runtime::LooseList<#items> }
        }
        TypeRef::Map(values) => {
            let values = item_type(values);
            quote! { crate::runtime::LooseMap<#values> }
        }
    }
}
