//! `#[derive(Describe)]` for riskrapport's model types: each type states
//! its keys once, with their Swedish doc comments, and the schema for
//! editors, the data reference and the Excel columns are made from that.
//!
//! The derive reads the serde attributes the model uses (`rename`,
//! `rename_all`, `default`, `deny_unknown_fields`, `untagged`) so that the
//! description is the YAML as serde reads it, and refuses the ones it does
//! not understand rather than describe something else. Its own attribute
//! `#[describe(date)]` marks a text that is a date, and
//! `#[describe(constant = "t2")]` a key whose value is fixed for the type.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, LitStr, parse_macro_input};

/// Implements `crate::model::describe::Describe` for a struct with named
/// fields, an enum of unit variants, or an untagged enum of newtype variants.
#[proc_macro_derive(Describe, attributes(describe))]
pub fn derive_describe(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match describe(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

/// What the serde attributes on an item say.
#[derive(Default)]
struct Serde {
    rename: Option<String>,
    rename_all: Option<String>,
    default: bool,
    skip: bool,
    deny_unknown_fields: bool,
    untagged: bool,
}

fn serde_attrs(attrs: &[Attribute]) -> syn::Result<Serde> {
    let mut serde = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            match name.as_str() {
                "rename" => serde.rename = Some(meta.value()?.parse::<LitStr>()?.value()),
                "rename_all" => serde.rename_all = Some(meta.value()?.parse::<LitStr>()?.value()),
                "default" => {
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<LitStr>()?;
                    }
                    serde.default = true;
                }
                "skip" | "skip_deserializing" => serde.skip = true,
                "deny_unknown_fields" => serde.deny_unknown_fields = true,
                "untagged" => serde.untagged = true,
                // Serialising only, or bounds: the YAML read is the same.
                "skip_serializing_if" | "bound" => {
                    meta.value()?.parse::<LitStr>()?;
                }
                "skip_serializing" => {}
                other => {
                    return Err(meta.error(format!(
                        "Describe does not know serde({other}); describe it in the derive first"
                    )));
                }
            }
            Ok(())
        })?;
    }
    Ok(serde)
}

/// What `#[describe(...)]` says of a field.
#[derive(Default)]
struct Own {
    date: bool,
    constant: Option<String>,
}

fn own_attrs(attrs: &[Attribute]) -> syn::Result<Own> {
    let mut own = Own::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("describe")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("date") {
                own.date = true;
            } else if meta.path.is_ident("constant") {
                own.constant = Some(meta.value()?.parse::<LitStr>()?.value());
            } else {
                return Err(meta.error("expected describe(date) or describe(constant = \"…\")"));
            }
            Ok(())
        })?;
    }
    Ok(own)
}

/// The doc comment as one text: lines of a paragraph joined by a space,
/// paragraphs by a blank line.
fn doc(attrs: &[Attribute]) -> String {
    let mut paragraphs: Vec<String> = vec![String::new()];
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let line = text.value();
        let line = line.trim();
        let last = paragraphs.last_mut().expect("one paragraph at least");
        if line.is_empty() {
            if !last.is_empty() {
                paragraphs.push(String::new());
            }
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(line);
        }
    }
    paragraphs.retain(|p| !p.is_empty());
    paragraphs.join("\n\n")
}

/// A name as serde writes it under `rename_all`.
fn renamed(ident: &str, rule: Option<&str>, at: proc_macro2::Span) -> syn::Result<String> {
    match rule {
        None | Some("snake_case") => Ok(ident.to_owned()),
        Some("lowercase") => Ok(ident.to_lowercase()),
        Some(other) => Err(syn::Error::new(
            at,
            format!("Describe does not know rename_all = \"{other}\""),
        )),
    }
}

fn describe(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let container = serde_attrs(&input.attrs)?;
    let type_doc = doc(&input.attrs);
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param
            .bounds
            .push(syn::parse_quote!(crate::model::describe::Describe));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(data) => {
            let Fields::Named(fields) = &data.fields else {
                return Err(syn::Error::new(
                    input.span(),
                    "Describe needs named fields: each is a key",
                ));
            };
            let mut described = Vec::new();
            for field in &fields.named {
                let serde = serde_attrs(&field.attrs)?;
                if serde.skip {
                    continue;
                }
                let own = own_attrs(&field.attrs)?;
                let ident = field.ident.as_ref().expect("named field").to_string();
                let key = match serde.rename {
                    Some(key) => key,
                    None => renamed(&ident, container.rename_all.as_deref(), field.span())?,
                };
                let doc = doc(&field.attrs);
                let ty = &field.ty;
                let shape = if let Some(value) = &own.constant {
                    quote!(Shape::Choice(
                        ::std::vec![Variant { name: #value, doc: "" }]
                    ))
                } else if own.date {
                    quote!(Shape::Date)
                } else {
                    quote!(<#ty as Describe>::describe(defs))
                };
                let default = serde.default;
                described.push(quote! {
                    Field {
                        key: #key,
                        doc: #doc,
                        shape: #shape,
                        required: !<#ty as Describe>::OPTIONAL && !#default,
                        nullable: <#ty as Describe>::OPTIONAL,
                    }
                });
            }
            let closed = container.deny_unknown_fields;
            quote! {
                defs.object::<Self>(#type_doc, #closed, |defs| ::std::vec![#(#described),*])
            }
        }
        Data::Enum(data) => {
            if container.untagged {
                let mut shapes = Vec::new();
                for variant in &data.variants {
                    let Fields::Unnamed(fields) = &variant.fields else {
                        return Err(syn::Error::new(
                            variant.span(),
                            "an untagged enum is described by its variants' one field each",
                        ));
                    };
                    let ty = &fields.unnamed.first().expect("one field").ty;
                    shapes.push(quote!(<#ty as Describe>::describe(defs)));
                }
                quote!(Shape::OneOf(::std::vec![#(#shapes),*]))
            } else {
                let mut variants = Vec::new();
                for variant in &data.variants {
                    if !matches!(variant.fields, Fields::Unit) {
                        return Err(syn::Error::new(
                            variant.span(),
                            "Describe knows enums of words (unit variants) or untagged enums",
                        ));
                    }
                    let serde = serde_attrs(&variant.attrs)?;
                    if serde.skip {
                        continue;
                    }
                    let word = match serde.rename {
                        Some(word) => word,
                        None => renamed(
                            &variant.ident.to_string(),
                            container.rename_all.as_deref(),
                            variant.span(),
                        )?,
                    };
                    let doc = doc(&variant.attrs);
                    variants.push(quote!(Variant { name: #word, doc: #doc }));
                }
                quote!({
                    let _ = defs;
                    Shape::Choice(::std::vec![#(#variants),*])
                })
            }
        }
        Data::Union(_) => {
            return Err(syn::Error::new(
                input.span(),
                "Describe is for structs and enums",
            ));
        }
    };
    Ok(quote! {
        impl #impl_generics crate::model::describe::Describe for #name #ty_generics #where_clause {
            fn describe(
                defs: &mut crate::model::describe::Defs,
            ) -> crate::model::describe::Shape {
                #[allow(unused_imports)]
                use crate::model::describe::{Describe, Field, Shape, Variant};
                #body
            }
        }
    })
}
