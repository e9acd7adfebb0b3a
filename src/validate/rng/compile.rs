//! From the raw pattern tree to interned patterns (RELAX NG §4.17–4.20):
//! defines combined, grammars resolved (`ref`, `parentRef`), references
//! inlined except through elements (whose content is compiled once, from
//! a work list, so recursive schemas terminate), datatypes compiled.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::super::xsd::{XSD_LIBRARY, XsdLibrary};
use super::pattern::{
    Datatype, DtId, EMPTY, ElemId, NOT_ALLOWED, Pat, PatId, Store, TEXT, ValueDef,
};
use super::read::{Combine, Raw, RawGrammar};

type Result<T> = std::result::Result<T, String>;

/// A datatype as written: library, type name, parameters.
type DatatypeKey = (String, String, Vec<(String, String)>);

/// One grammar's defines, with the scope it sits in.
struct Scope<'r> {
    defines: HashMap<&'r str, Define<'r>>,
    start: Option<Define<'r>>,
    parent: Option<Rc<Scope<'r>>>,
}

struct Define<'r> {
    bodies: Vec<&'r Raw>,
    combine: Combine,
    compiled: RefCell<HashMap<u8, PatId>>,
    in_progress: Cell<bool>,
}

impl<'r> Define<'r> {
    fn combined(parts: Vec<(Option<Combine>, &'r Raw)>, what: &str) -> Result<Define<'r>> {
        let plain = parts.iter().filter(|(c, _)| c.is_none()).count();
        if plain > 1 {
            return Err(format!("{what} is defined more than once without combine"));
        }
        let mut methods: Vec<Combine> = parts.iter().filter_map(|(c, _)| *c).collect();
        methods.dedup();
        if methods.len() > 1 {
            return Err(format!(
                "{what} is combined both by choice and by interleave"
            ));
        }
        Ok(Define {
            bodies: parts.into_iter().map(|(_, r)| r).collect(),
            combine: methods.first().copied().unwrap_or(Combine::Choice),
            compiled: RefCell::new(HashMap::new()),
            in_progress: Cell::new(false),
        })
    }
}

/// Where a pattern sits (defines are compiled once per place, so that the
/// restrictions checked on the compiled form see each use).
#[derive(Clone, Copy, Default)]
struct Place {
    in_attribute: bool,
    in_list: bool,
    in_except: bool,
    in_one_or_more: bool,
    in_one_or_more_group: bool,
    in_start: bool,
}

impl Place {
    fn key(self) -> u8 {
        u8::from(self.in_attribute)
            | u8::from(self.in_list) << 1
            | u8::from(self.in_except) << 2
            | u8::from(self.in_one_or_more) << 3
            | u8::from(self.in_one_or_more_group) << 4
            | u8::from(self.in_start) << 5
    }
}

pub struct Compiler<'r> {
    pub store: Store,
    xsd: XsdLibrary,
    datatype_ids: HashMap<DatatypeKey, DtId>,
    work: Vec<(ElemId, &'r Raw, Option<Rc<Scope<'r>>>)>,
    /// Content compiled per (raw element, scope) so an element shared by
    /// several references is compiled once.
    element_ids: RefCell<HashMap<(*const Raw, usize), ElemId>>,
    /// Compiling defines no start reaches (recursion is then no error).
    unreferenced: bool,
    /// Every grammar met, for checking its unreferenced defines at the end.
    grammars: Vec<Rc<Scope<'r>>>,
}

impl Default for Compiler<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'r> Compiler<'r> {
    pub fn new() -> Self {
        Compiler {
            store: Store::default(),
            xsd: XsdLibrary::default(),
            datatype_ids: HashMap::new(),
            work: Vec::new(),
            element_ids: RefCell::new(HashMap::new()),
            unreferenced: false,
            grammars: Vec::new(),
        }
    }

    /// Compiles the schema's top pattern and every element's content.
    pub fn compile_root(&mut self, raw: &'r Raw) -> Result<PatId> {
        let top = Place {
            in_start: true,
            ..Place::default()
        };
        let start = self.pattern(raw, &None, top)?;
        self.drain_work()?;
        // Every define must be correct (§4.16), referenced or not; one no
        // start reaches is then dropped (§4.19), so its recursion is no error.
        self.unreferenced = true;
        let mut checked = 0;
        while checked < self.grammars.len() {
            let scope = self.grammars[checked].clone();
            checked += 1;
            for (name, define) in &scope.defines {
                if define.compiled.borrow().is_empty() {
                    self.reference(define, &Some(scope.clone()), name, Place::default())?;
                }
            }
            self.drain_work()?;
        }
        super::check::restrictions(&self.store, start)?;
        Ok(start)
    }

    fn drain_work(&mut self) -> Result<()> {
        while let Some((element, content, scope)) = self.work.pop() {
            let compiled = self.pattern(content, &scope, Place::default())?;
            self.store.elements[element as usize] = compiled;
        }
        Ok(())
    }

    fn scope_of(grammar: &'r RawGrammar, parent: &Option<Rc<Scope<'r>>>) -> Result<Scope<'r>> {
        let mut by_name: HashMap<&'r str, Vec<(Option<Combine>, &'r Raw)>> = HashMap::new();
        let mut order = Vec::new();
        for (name, combine, body) in &grammar.defines {
            let entry = by_name.entry(name.as_str()).or_default();
            if entry.is_empty() {
                order.push(name.as_str());
            }
            entry.push((*combine, body));
        }
        let mut defines = HashMap::new();
        for name in order {
            let parts = by_name.remove(name).unwrap_or_default();
            defines.insert(
                name,
                Define::combined(parts, &format!("define \"{name}\""))?,
            );
        }
        let start = if grammar.starts.is_empty() {
            None
        } else {
            Some(Define::combined(
                grammar.starts.iter().map(|(c, r)| (*c, r)).collect(),
                "start",
            )?)
        };
        Ok(Scope {
            defines,
            start,
            parent: parent.clone(),
        })
    }

    fn reference(
        &mut self,
        define: &Define<'r>,
        scope: &Option<Rc<Scope<'r>>>,
        name: &str,
        place: Place,
    ) -> Result<PatId> {
        if let Some(&id) = define.compiled.borrow().get(&place.key()) {
            return Ok(id);
        }
        if define.in_progress.get() {
            if self.unreferenced {
                // An unreferenced define is dropped (§4.19); only its syntax counts.
                return Ok(NOT_ALLOWED);
            }
            return Err(format!(
                "\"{name}\" refers to itself other than through an element"
            ));
        }
        define.in_progress.set(true);
        let mut out: Option<PatId> = None;
        for body in &define.bodies {
            let p = self.pattern(body, scope, place)?;
            out = Some(match (out, define.combine) {
                (None, _) => p,
                (Some(q), Combine::Choice) => self.store.choice(q, p),
                (Some(q), Combine::Interleave) => self.store.interleave(q, p),
            });
        }
        define.in_progress.set(false);
        let id = out.unwrap_or(NOT_ALLOWED);
        define.compiled.borrow_mut().insert(place.key(), id);
        Ok(id)
    }

    fn pattern(
        &mut self,
        raw: &'r Raw,
        scope: &Option<Rc<Scope<'r>>>,
        place: Place,
    ) -> Result<PatId> {
        Ok(match raw {
            Raw::Empty => EMPTY,
            Raw::NotAllowed => NOT_ALLOWED,
            Raw::Text => TEXT,
            Raw::Choice(items) => {
                let mut out = NOT_ALLOWED;
                for (i, item) in items.iter().enumerate() {
                    let p = self.pattern(item, scope, place)?;
                    out = if i == 0 { p } else { self.store.choice(out, p) };
                }
                out
            }
            Raw::Group(items) | Raw::Interleave(items) => {
                let interleave = matches!(raw, Raw::Interleave(_));
                let inner = Place {
                    in_one_or_more_group: place.in_one_or_more,
                    ..place
                };
                let mut out = EMPTY;
                for (i, item) in items.iter().enumerate() {
                    let p = self.pattern(item, scope, inner)?;
                    out = if i == 0 {
                        p
                    } else if interleave {
                        self.store.interleave(out, p)
                    } else {
                        self.store.group(out, p)
                    };
                }
                out
            }
            Raw::OneOrMore(inner) => {
                let p = self.pattern(
                    inner,
                    scope,
                    Place {
                        in_one_or_more: true,
                        ..place
                    },
                )?;
                self.store.one_or_more(p)
            }
            Raw::List(inner) => {
                let p = self.pattern(
                    inner,
                    scope,
                    Place {
                        in_list: true,
                        ..place
                    },
                )?;
                if p == NOT_ALLOWED {
                    NOT_ALLOWED
                } else {
                    self.store.intern(Pat::List(p))
                }
            }
            Raw::Element(name, content) => {
                let scope_key = scope.as_ref().map_or(0, |s| Rc::as_ptr(s) as usize);
                let key = (raw as *const Raw, scope_key);
                let existing = self.element_ids.borrow().get(&key).copied();
                let element = match existing {
                    Some(id) => id,
                    None => {
                        let id = ElemId::try_from(self.store.elements.len()).unwrap_or(ElemId::MAX);
                        self.store.elements.push(NOT_ALLOWED);
                        self.element_ids.borrow_mut().insert(key, id);
                        self.work.push((id, content, scope.clone()));
                        id
                    }
                };
                let nc = self.store.add_name_class(name.clone());
                self.store.intern(Pat::Element(nc, element))
            }
            Raw::Attribute(name, content) => {
                let p = self.pattern(
                    content,
                    scope,
                    Place {
                        in_attribute: true,
                        ..place
                    },
                )?;
                if p == NOT_ALLOWED {
                    // §4.20: an attribute that can have no value is notAllowed.
                    return Ok(NOT_ALLOWED);
                }
                let nc = self.store.add_name_class(name.clone());
                self.store.intern(Pat::Attribute(nc, p))
            }
            Raw::Data {
                library,
                type_name,
                params,
                except,
            } => {
                let dt = self.datatype(library, type_name, params)?;
                let except = match except {
                    Some(e) => Some(self.pattern(
                        e,
                        scope,
                        Place {
                            in_except: true,
                            ..place
                        },
                    )?),
                    None => None,
                };
                self.store.intern(Pat::Data(dt, except))
            }
            Raw::Value {
                library,
                type_name,
                value,
                bindings,
            } => {
                let dt = self.datatype(library, type_name, &[])?;
                let def = ValueDef {
                    datatype: dt,
                    value: value.clone(),
                    bindings: bindings.clone(),
                };
                let datatype = &self.store.datatypes[dt as usize];
                if !datatype.allows(value, &def) {
                    return Err(format!("value {value:?} is not a valid {type_name}"));
                }
                let id = u32::try_from(self.store.values.len()).unwrap_or(u32::MAX);
                self.store.values.push(def);
                self.store.intern(Pat::Value(id))
            }
            Raw::Ref(name) => {
                let Some(s) = scope else {
                    return Err(format!("ref \"{name}\" outside a grammar"));
                };
                let s = s.clone();
                let define = s
                    .defines
                    .get(name.as_str())
                    .ok_or_else(|| format!("ref to undefined \"{name}\""))?;
                self.reference(define, &Some(s.clone()), name, place)?
            }
            Raw::ParentRef(name) => {
                let Some(parent) = scope.as_ref().and_then(|s| s.parent.clone()) else {
                    return Err(format!("parentRef \"{name}\" without a parent grammar"));
                };
                let define = parent
                    .defines
                    .get(name.as_str())
                    .ok_or_else(|| format!("parentRef to undefined \"{name}\""))?;
                self.reference(define, &Some(parent.clone()), name, place)?
            }
            Raw::Grammar(grammar) => {
                let inner = Rc::new(Self::scope_of(grammar, scope)?);
                let start = inner.start.as_ref().ok_or("a grammar without start")?;
                let compiled = self.reference(start, &Some(inner.clone()), "start", place)?;
                // Every define must be correct, referenced or not.
                self.grammars.push(inner.clone());
                compiled
            }
        })
    }

    fn datatype(
        &mut self,
        library: &str,
        type_name: &str,
        params: &[(String, String)],
    ) -> Result<DtId> {
        let key = (library.to_string(), type_name.to_string(), params.to_vec());
        if let Some(&id) = self.datatype_ids.get(&key) {
            return Ok(id);
        }
        let datatype = match library {
            "" => {
                if !params.is_empty() {
                    return Err("the builtin datatype library takes no parameters".into());
                }
                match type_name {
                    "string" => Datatype::BuiltinString,
                    "token" => Datatype::BuiltinToken,
                    other => return Err(format!("unknown builtin datatype {other}")),
                }
            }
            XSD_LIBRARY => Datatype::Xsd(self.xsd.compile(type_name, params)?),
            other => return Err(format!("unknown datatype library {other}")),
        };
        let id = DtId::try_from(self.store.datatypes.len()).unwrap_or(DtId::MAX);
        self.store.datatypes.push(datatype);
        self.datatype_ids.insert(key, id);
        Ok(id)
    }
}
