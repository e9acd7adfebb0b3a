//! Rule: no heading is empty.

empty_element_rule! {
    code: "teikit::rules::empty-head",
    element: "head",
    description: "no <head> is empty",
    fix: "write the document's title in the <head>, or remove it",
    label: "empty heading",
}
