//! Doc comments from page text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes for each line of `text` (blank lines kept as paragraph
/// breaks). Empty text gives `fallback`, so every item is documented.
pub fn doc(text: &str, fallback: &str) -> TokenStream {
    let text = if text.trim().is_empty() {
        fallback
    } else {
        text.trim()
    };
    let lines = text.lines().map(|l| {
        let l = if l.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", l.trim_end())
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#lines)* }
}
