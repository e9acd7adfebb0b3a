//! Rule: no paragraph is empty.

empty_element_rule! {
    code: "teikit::rules::empty-paragraph",
    element: "p",
    description: "no <p> is empty",
    fix: "remove the empty <p>, or put the missing text (or a <gap/>) in it",
    label: "empty paragraph",
}
