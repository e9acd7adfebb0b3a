//! The namespace bindings in scope at the event being validated, kept by the
//! validator itself from the declarations each start tag carries: the XML
//! reader may run ahead on another thread ([`super::pipe`]), so its own
//! scope is not the validator's. Datatypes (QName) and messages (prefixes
//! as the document writes them) read it.

use crate::validate::xsd::NsContext;
use crate::xml::XML_NS;

#[derive(Default)]
pub struct Scope {
    /// (prefix, namespace), innermost last; `""` is the default namespace.
    bindings: Vec<(String, String)>,
    /// For each open element: how many bindings it pushed.
    pushed: Vec<usize>,
}

impl Scope {
    /// An element opens with these declarations (taken from its start tag).
    pub fn enter(&mut self, declared: Vec<(String, String)>) {
        self.pushed.push(declared.len());
        self.bindings.extend(declared);
    }

    /// The innermost open element has ended (after its end was handled).
    pub fn leave(&mut self) {
        if let Some(pushed) = self.pushed.pop() {
            let keep = self.bindings.len().saturating_sub(pushed);
            self.bindings.truncate(keep);
        }
    }

    /// The namespace `prefix` is bound to (`xml` always is).
    pub fn resolve_prefix(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
    }

    /// A prefix bound to `uri` here, innermost first (`""` for the default
    /// namespace), that no inner declaration hides.
    pub fn prefix_for(&self, uri: &str) -> Option<&str> {
        if uri == XML_NS {
            return Some("xml");
        }
        self.bindings
            .iter()
            .rev()
            .find(|(p, u)| u == uri && self.resolve_prefix(p) == Some(uri))
            .map(|(p, _)| p.as_str())
    }
}

impl NsContext for Scope {
    fn resolve(&self, prefix: &str) -> Option<String> {
        match self.resolve_prefix(prefix) {
            // `xmlns=""` undeclares the default namespace.
            Some(uri) => Some(uri.to_string()),
            None if prefix.is_empty() => Some(String::new()),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect()
    }

    #[test]
    fn inner_declarations_hide_outer_ones_until_their_element_ends() {
        let mut scope = Scope::default();
        scope.enter(declared(&[("", "d"), ("p", "u")]));
        scope.enter(declared(&[("p", "v")]));
        assert_eq!(scope.resolve_prefix("p"), Some("v"));
        assert_eq!(scope.resolve_prefix(""), Some("d"));
        assert_eq!(scope.resolve_prefix("xml"), Some(XML_NS));
        assert_eq!(scope.prefix_for("u"), None, "p is rebound to v here");
        assert_eq!(scope.prefix_for("v"), Some("p"));
        scope.enter(Vec::new());
        scope.leave();
        assert_eq!(scope.resolve_prefix("p"), Some("v"));
        scope.leave();
        assert_eq!(scope.resolve_prefix("p"), Some("u"));
        assert_eq!(scope.prefix_for("u"), Some("p"));
        assert_eq!(scope.resolve("q"), None);
        scope.leave();
        assert_eq!(scope.resolve(""), Some(String::new()));
    }
}
