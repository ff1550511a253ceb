//! Emitting `types.rs`: enums, query parameter structs and request bodies.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attributes, ident, rust_type, wire_name_differs};
use crate::docs::rustdoc_lines;
use crate::model::{
    Api, BodyEncoding, CollectionFormat, EnumDef, Operation, ParameterLocation, RequestBody, Schema,
};

/// Builds the items of the `types` module.
pub(crate) fn types_module(api: &Api) -> TokenStream {
    let enums = api.enums.iter().map(enum_item);
    let structs = api.operations.iter().map(operation_structs);
    let responses = super::responses::response_structs(api);
    quote! {
        #(#enums)*
        #(#structs)*
        #responses
    }
}

fn enum_item(def: &EnumDef) -> TokenStream {
    let name = ident(&def.rust_name);
    let type_name = &def.rust_name;
    let doc = format!(" Values of `{type_name}` as the spec lists them.");
    let variants: Vec<TokenStream> = def
        .variants
        .iter()
        .map(|variant| {
            let variant_ident = ident(&variant.rust_name);
            let value = &variant.value;
            let variant_doc = format!(" `{}`", value.replace('`', "'"));
            let rename =
                (variant.rust_name != *value).then(|| quote! { #[serde(rename = #value)] });
            quote! {
                #[doc = #variant_doc]
                #rename
                #variant_ident
            }
        })
        .collect();
    let as_str_arms = def.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        let value = &variant.value;
        quote! { #name::#variant_ident => #value }
    });
    let from_str_arms = def.variants.iter().map(|variant| {
        let variant_ident = ident(&variant.rust_name);
        let value = &variant.value;
        quote! { #value => ::std::result::Result::Ok(#name::#variant_ident) }
    });

    quote! {
        #[doc = #doc]
        #[derive(
            ::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq,
            ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord,
            ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            /// Returns the value as the portal spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#as_str_arms,)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = crate::runtime::ParseEnumError;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                match value {
                    #(#from_str_arms,)*
                    _ => ::std::result::Result::Err(crate::runtime::ParseEnumError {
                        type_name: #type_name,
                        value: value.to_owned(),
                    }),
                }
            }
        }

        impl crate::runtime::QueryValue for #name {
            fn to_query_value(&self) -> ::std::string::String {
                self.as_str().to_owned()
            }
        }
    }
}

/// A field of a generated struct, from a query parameter or a body field.
struct StructField<'a> {
    /// Sentence on the encoding of an array value, for fields that are arrays.
    list_encoding: Option<String>,
    wire_name: &'a str,
    rust_name: &'a str,
    required: bool,
    description: Option<&'a str>,
    schema: &'a Schema,
}

fn operation_structs(operation: &Operation) -> TokenStream {
    let mut items = TokenStream::new();
    if let Some(query_name) = &operation.query_rust_name {
        let fields: Vec<StructField<'_>> = operation
            .parameters_in(ParameterLocation::Query)
            .map(|parameter| StructField {
                wire_name: &parameter.name,
                rust_name: &parameter.rust_name,
                required: parameter.required,
                description: parameter.description.as_deref(),
                schema: &parameter.schema,
                list_encoding: list_encoding_note(&parameter.schema, parameter.collection_format),
            })
            .collect();
        let doc = format!(
            " Query parameters of [`Client::{}`](crate::Client::{}).",
            crate::names::unraw(&operation.rust_name),
            crate::names::unraw(&operation.rust_name)
        );
        items.extend(query_struct(query_name, &doc, &fields));
    }
    if let Some(body) = &operation.body {
        items.extend(body_struct(operation, body));
    }
    items
}

fn query_struct(name: &str, doc: &str, fields: &[StructField<'_>]) -> TokenStream {
    let name_ident = ident(name);
    let field_items = fields.iter().map(|field| plain_field(field));
    let derives = struct_derives(fields, false);
    let constructor = constructor(name, fields, quote! { extra: ::std::vec::Vec::new(), });
    quote! {
        #[doc = #doc]
        #derives
        pub struct #name_ident {
            #(#field_items)*
            /// Pairs appended to the query string after the declared parameters,
            /// for parameters the spec does not list (for example PHP-style keys
            /// such as `items[0][cycle]`).
            pub extra: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
        }
        #constructor
    }
}

fn body_struct(operation: &Operation, body: &RequestBody) -> TokenStream {
    let name_ident = ident(&body.rust_name);
    let method = crate::names::unraw(&operation.rust_name);
    let fields: Vec<StructField<'_>> = body
        .fields
        .iter()
        .map(|field| StructField {
            wire_name: &field.name,
            rust_name: &field.rust_name,
            required: field.required,
            description: field.description.as_deref(),
            schema: &field.schema,
            list_encoding: match body.encoding {
                BodyEncoding::Json => None,
                BodyEncoding::Form | BodyEncoding::Multipart => {
                    list_encoding_note(&field.schema, CollectionFormat::Multi)
                }
            },
        })
        .collect();
    let encoding = match body.encoding {
        BodyEncoding::Json => "a JSON object",
        BodyEncoding::Form => "an `application/x-www-form-urlencoded` form",
        BodyEncoding::Multipart => "a `multipart/form-data` form",
    };
    let doc = format!(
        " Request body of [`Client::{method}`](crate::Client::{method}), sent as {encoding}."
    );

    if body.encoding != BodyEncoding::Json {
        let field_items = fields.iter().map(|field| plain_field(field));
        let derives = struct_derives(&fields, false);
        let constructor = constructor(
            &body.rust_name,
            &fields,
            quote! { extra: ::std::vec::Vec::new(), },
        );
        return quote! {
            #[doc = #doc]
            #derives
            pub struct #name_ident {
                #(#field_items)*
                /// Form fields sent after the declared ones, for fields the spec
                /// does not list.
                pub extra: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
            }
            #constructor
        };
    }

    let field_items = fields.iter().map(|field| serde_field(field));
    let derives = struct_derives(&fields, true);
    let constructor = constructor(
        &body.rust_name,
        &fields,
        quote! { extra: ::serde_json::Map::new(), },
    );
    quote! {
        #[doc = #doc]
        #derives
        pub struct #name_ident {
            #(#field_items)*
            /// Members sent in the JSON object besides the declared fields, for
            /// fields the spec does not list. A member here replaces a declared
            /// field of the same name, so it can also send a declared field in
            /// a shape its type does not allow.
            #[serde(flatten)]
            pub extra: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }
        #constructor
    }
}

fn struct_derives(fields: &[StructField<'_>], serialize: bool) -> TokenStream {
    let all_optional = fields.iter().all(|field| !field.required);
    let default = all_optional.then(|| quote! { ::std::default::Default, });
    let serialize = serialize.then(|| quote! { ::serde::Serialize, });
    quote! {
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, #default #serialize)]
    }
}

/// Emits `new(required fields...)` for structs with required fields; structs
/// whose fields are all optional derive `Default` instead.
fn constructor(
    struct_name: &str,
    fields: &[StructField<'_>],
    extra_init: TokenStream,
) -> TokenStream {
    if fields.iter().all(|field| !field.required) {
        return TokenStream::new();
    }
    let name_ident = ident(struct_name);
    let arguments = fields.iter().filter(|field| field.required).map(|field| {
        let field_ident = ident(field.rust_name);
        let ty = rust_type(field.schema);
        quote! { #field_ident: #ty }
    });
    let initialisers = fields.iter().map(|field| {
        let field_ident = ident(field.rust_name);
        if field.required {
            quote! { #field_ident, }
        } else {
            quote! { #field_ident: ::std::option::Option::None, }
        }
    });
    quote! {
        impl #name_ident {
            /// Creates the value from its required fields, with every optional
            /// field unset.
            pub fn new(#(#arguments),*) -> Self {
                Self {
                    #(#initialisers)*
                    #extra_init
                }
            }
        }
    }
}

fn field_docs(field: &StructField<'_>) -> TokenStream {
    let mut lines = field
        .description
        .map(rustdoc_lines)
        .filter(|lines| !lines.is_empty())
        .unwrap_or_else(|| {
            vec![format!(
                "The `{}` field.",
                field.wire_name.replace('`', "'")
            )]
        });
    if let Some(note) = &field.list_encoding {
        lines.push(String::new());
        lines.push(note.clone());
    }
    doc_attributes(&lines)
}

/// Describes how an array is sent, for the field's documentation.
fn list_encoding_note(schema: &Schema, format: CollectionFormat) -> Option<String> {
    if !matches!(schema, Schema::Array(_)) {
        return None;
    }
    let note = match format {
        CollectionFormat::Csv => "Sent as one comma-separated value (`name=a,b`).",
        CollectionFormat::Ssv => "Sent as one space-separated value (`name=a b`).",
        CollectionFormat::Tsv => "Sent as one tab-separated value.",
        CollectionFormat::Pipes => "Sent as one `|`-separated value (`name=a|b`).",
        CollectionFormat::Multi => "Sent once per value (`name=a&name=b`).",
    };
    Some(format!(
        "{note} For PHP-style keys such as `name[0][key]`, leave this unset and use `extra`."
    ))
}

fn field_type(field: &StructField<'_>) -> TokenStream {
    let ty = rust_type(field.schema);
    if field.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn plain_field(field: &StructField<'_>) -> TokenStream {
    let docs = field_docs(field);
    let field_ident = ident(field.rust_name);
    let ty = field_type(field);
    quote! {
        #docs
        pub #field_ident: #ty,
    }
}

fn serde_field(field: &StructField<'_>) -> TokenStream {
    let docs = field_docs(field);
    let field_ident = ident(field.rust_name);
    let ty = field_type(field);
    let wire_name = field.wire_name;
    let mut serde_options = Vec::new();
    if wire_name_differs(field.rust_name, wire_name) {
        serde_options.push(quote! { rename = #wire_name });
    }
    if !field.required {
        serde_options.push(quote! { skip_serializing_if = "::std::option::Option::is_none" });
    }
    let serde_attribute = if serde_options.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#serde_options),*)] }
    };
    quote! {
        #docs
        #serde_attribute
        pub #field_ident: #ty,
    }
}
