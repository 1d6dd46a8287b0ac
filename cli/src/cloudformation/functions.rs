//! CloudFormation's intrinsic functions, the one place that knows them: their names and the
//! forms a template writes them in (`!Name arg`, `Fn::Name: arg`, `Ref: arg`), each function's
//! arguments parsed into a typed form ([`Args`]), the checks of those arguments
//! ([`malformed`]), and their long form ([`expression`]). Every other module matches
//! [`Function`] and [`Args`] variants; no function name is spelled outside this file.
//!
//! The reference: the CloudFormation intrinsic function reference,
//! docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html.

use appflow_connector_profile::validation::echo;
use serde_json::{json, Map, Value as Json};

use crate::source::{Node, Position, Tag, Value};
use crate::template_codes::Code;

/// A CloudFormation intrinsic function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Function {
    /// `Ref`.
    Ref,
    /// `Fn::GetAtt`.
    GetAtt,
    /// `Fn::Sub`.
    Sub,
    /// `Fn::Join`.
    Join,
    /// `Fn::If`.
    If,
    /// `Fn::Select`.
    Select,
    /// `Fn::Split`.
    Split,
    /// `Fn::FindInMap`.
    FindInMap,
    /// `Fn::Cidr`.
    Cidr,
    /// `Fn::ImportValue`.
    ImportValue,
    /// `Fn::Base64`.
    Base64,
    /// `Fn::GetAZs`.
    GetAZs,
    /// `Fn::Length` (the `AWS::LanguageExtensions` transform).
    Length,
    /// `Fn::ToJsonString` (the `AWS::LanguageExtensions` transform).
    ToJsonString,
    /// `Fn::Transform`.
    Transform,
    /// `Fn::Equals`, a condition function.
    Equals,
    /// `Fn::And`, a condition function.
    And,
    /// `Fn::Or`, a condition function.
    Or,
    /// `Fn::Not`, a condition function.
    Not,
    /// `Condition` (in `Conditions`, also written as a plain `Condition:` key), a condition
    /// function.
    Condition,
}

/// The name of the one intrinsic function written without `Fn::`.
const REF: &str = "Ref";
/// The prefix of the other functions' keys.
const PREFIX: &str = "Fn::";

impl Function {
    /// Every function.
    pub const ALL: [Function; 20] = [
        Function::Ref,
        Function::GetAtt,
        Function::Sub,
        Function::Join,
        Function::If,
        Function::Select,
        Function::Split,
        Function::FindInMap,
        Function::Cidr,
        Function::ImportValue,
        Function::Base64,
        Function::GetAZs,
        Function::Length,
        Function::ToJsonString,
        Function::Transform,
        Function::Equals,
        Function::And,
        Function::Or,
        Function::Not,
        Function::Condition,
    ];

    /// Its name without `Fn::`, as a short-form tag writes it (`!GetAtt`).
    pub const fn name(self) -> &'static str {
        match self {
            Function::Ref => REF,
            Function::GetAtt => "GetAtt",
            Function::Sub => "Sub",
            Function::Join => "Join",
            Function::If => "If",
            Function::Select => "Select",
            Function::Split => "Split",
            Function::FindInMap => "FindInMap",
            Function::Cidr => "Cidr",
            Function::ImportValue => "ImportValue",
            Function::Base64 => "Base64",
            Function::GetAZs => "GetAZs",
            Function::Length => "Length",
            Function::ToJsonString => "ToJsonString",
            Function::Transform => "Transform",
            Function::Equals => "Equals",
            Function::And => "And",
            Function::Or => "Or",
            Function::Not => "Not",
            Function::Condition => "Condition",
        }
    }

    /// The function of that name (without `Fn::`), if CloudFormation has one. A `match` rather
    /// than a search of [`Function::ALL`]: it runs for every call of every lowering (the
    /// `names_round_trip` test keeps the two lists equal).
    pub fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            REF => Function::Ref,
            "GetAtt" => Function::GetAtt,
            "Sub" => Function::Sub,
            "Join" => Function::Join,
            "If" => Function::If,
            "Select" => Function::Select,
            "Split" => Function::Split,
            "FindInMap" => Function::FindInMap,
            "Cidr" => Function::Cidr,
            "ImportValue" => Function::ImportValue,
            "Base64" => Function::Base64,
            "GetAZs" => Function::GetAZs,
            "Length" => Function::Length,
            "ToJsonString" => Function::ToJsonString,
            "Transform" => Function::Transform,
            "Equals" => Function::Equals,
            "And" => Function::And,
            "Or" => Function::Or,
            "Not" => Function::Not,
            "Condition" => Function::Condition,
            _ => return None,
        })
    }

    /// Whether it decides a condition (in `Conditions`) and never stands for a value.
    pub const fn is_condition(self) -> bool {
        matches!(
            self,
            Function::Equals | Function::And | Function::Or | Function::Not | Function::Condition
        )
    }

    /// How its argument must look in a value.
    const fn shape(self) -> Shape {
        const fn list(min: usize, max: usize, leading_string: bool) -> Shape {
            Shape::List {
                min,
                max,
                leading_string,
            }
        }
        match self {
            Function::Ref => Shape::Name,
            Function::GetAtt => Shape::GetAtt,
            Function::Sub => Shape::Sub,
            Function::Join => list(2, 2, true),
            Function::If => list(3, 3, true),
            Function::Select => list(2, 2, false),
            Function::Split => list(2, 2, true),
            Function::FindInMap => list(3, 4, false),
            Function::Cidr => list(3, 3, false),
            Function::ImportValue | Function::Base64 | Function::GetAZs => Shape::StringOrCall,
            Function::Length | Function::ToJsonString | Function::Transform => Shape::Any,
            Function::Equals
            | Function::And
            | Function::Or
            | Function::Not
            | Function::Condition => Shape::Condition,
        }
    }
}

/// How a function's argument must look.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// A non-empty name (`Ref`).
    Name,
    /// `Resource.Attribute` or `[Resource, Attribute]`.
    GetAtt,
    /// A string, or `[string, {variables}]`.
    Sub,
    /// A list of `min..=max` items; with `leading_string`, the first is a string.
    List {
        min: usize,
        max: usize,
        leading_string: bool,
    },
    /// A string or an intrinsic function.
    StringOrCall,
    /// Anything.
    Any,
    /// A condition function's operands (see [`Args`]).
    Condition,
}

/// An intrinsic function call in the source: `!Name arg` or a one-key mapping `Ref: arg` /
/// `Fn::Name: arg`.
#[derive(Clone, Copy, Debug)]
pub struct Call<'a> {
    /// The function; `None` for a name CloudFormation has no function by (an error of
    /// [`malformed`]).
    pub function: Option<Function>,
    /// The name as written, without `Fn::`.
    name: &'a str,
    /// Whether it was written as a tag (`!If`) rather than a mapping (`Fn::If`).
    short: bool,
    /// Its argument.
    arg: &'a Value,
}

/// The intrinsic call at `node`, if it is one.
pub fn call(node: &Node) -> Option<Call<'_>> {
    if let Some(Tag::Local(name)) = node.tag.as_deref() {
        return Some(Call {
            function: Function::from_name(name),
            name,
            short: true,
            arg: &node.value,
        });
    }
    if let Value::Map(entries) = &node.value {
        if let [(key, _, inner)] = entries.as_slice() {
            let name = if key == REF {
                Some(REF)
            } else {
                key.strip_prefix(PREFIX)
            };
            if let Some(name) = name {
                return Some(Call {
                    function: Function::from_name(name),
                    name,
                    short: false,
                    arg: &inner.value,
                });
            }
        }
    }
    None
}

/// Whether `key` names an intrinsic function (`Ref`, `Fn::…`): a mapping holding it with other
/// keys is malformed.
fn is_function_key(key: &str) -> bool {
    key == REF || key.starts_with(PREFIX)
}

/// The name of the condition `node` refers to, in a condition formula: `Condition: Name` or
/// `Fn::Condition`/`!Condition Name`.
pub fn condition_reference(node: &Node) -> Option<&str> {
    if let Value::Map(entries) = &node.value {
        if let [(key, _, inner)] = entries.as_slice() {
            if key == Function::Condition.name() {
                if let Value::Str(name) = &inner.value {
                    return Some(name);
                }
            }
        }
    }
    match call(node)?.args() {
        Some(Args::Condition(name)) => Some(name),
        _ => None,
    }
}

/// The attribute of a `Fn::GetAtt`.
#[derive(Clone, Copy, Debug)]
pub enum Attribute<'a> {
    /// Written out.
    Name(&'a str),
    /// Computed by an intrinsic function (`[Resource, !Ref AttributeName]`).
    Call(&'a Node),
}

/// A well-formed call's arguments, typed per function. What the template's reasoning needs
/// beyond the form (literal keys of a `Fn::FindInMap`, say) its users check.
#[derive(Clone, Copy, Debug)]
pub enum Args<'a> {
    /// `Ref`: a parameter's or resource's name, or a pseudo parameter (`AWS::NoValue`).
    Ref(&'a str),
    /// `Fn::GetAtt`: `Resource.Attribute` or `[Resource, Attribute]`.
    GetAtt {
        /// The logical id.
        resource: &'a str,
        /// The attribute.
        attribute: Attribute<'a>,
    },
    /// `Fn::Sub`: a text with `${…}` variables, and a mapping of variables.
    Sub {
        /// The text.
        text: &'a str,
        /// The mapping of variables, if given.
        variables: Option<&'a Node>,
    },
    /// `Fn::Join`: a separator and a list (or a call giving one).
    Join {
        /// The separator.
        separator: &'a str,
        /// The list.
        list: &'a Node,
    },
    /// `Fn::If`: a condition's name and the values when it is true and false.
    If {
        /// The condition's name.
        condition: &'a str,
        /// The value when it is true.
        then: &'a Node,
        /// The value when it is false.
        otherwise: &'a Node,
    },
    /// `Fn::Select`: an index and a list.
    Select {
        /// The index.
        index: &'a Node,
        /// The list.
        list: &'a Node,
    },
    /// `Fn::Split`: a separator and a text.
    Split {
        /// The separator.
        separator: &'a str,
        /// The text.
        text: &'a Node,
    },
    /// `Fn::FindInMap`: a mapping's name, a top-level key, a second-level key, and (with the
    /// `AWS::LanguageExtensions` transform) a default.
    FindInMap {
        /// The mapping's name.
        map: &'a Node,
        /// The top-level key.
        top: &'a Node,
        /// The second-level key.
        second: &'a Node,
        /// The default value.
        default: Option<&'a Node>,
    },
    /// `Fn::Cidr`: an address block, how many subnets, and the subnet mask's bits.
    Cidr {
        /// The address block.
        block: &'a Node,
        /// How many subnets.
        count: &'a Node,
        /// The bits of each subnet's mask.
        bits: &'a Node,
    },
    /// `Fn::ImportValue`: an export's name (a string or a call).
    ImportValue(&'a Value),
    /// `Fn::Base64`: a text (a string or a call).
    Base64(&'a Value),
    /// `Fn::GetAZs`: a region (a string or a call).
    GetAZs(&'a Value),
    /// `Fn::Length`: a list.
    Length(&'a Value),
    /// `Fn::ToJsonString`: an object or a list.
    ToJsonString(&'a Value),
    /// `Fn::Transform`: a macro's name and parameters.
    Transform(&'a Value),
    /// `Fn::Equals`: two values.
    Equals(&'a Node, &'a Node),
    /// `Fn::And`: conditions.
    And(&'a [Node]),
    /// `Fn::Or`: conditions.
    Or(&'a [Node]),
    /// `Fn::Not`: one condition.
    Not(&'a Node),
    /// `Condition`: a condition's name.
    Condition(&'a str),
}

/// The pseudo parameter whose `Ref` removes the member or item holding it.
const NO_VALUE: &str = "AWS::NoValue";

impl Args<'_> {
    /// Whether they are `Ref AWS::NoValue`'s, which removes its member.
    pub fn is_no_value(&self) -> bool {
        matches!(self, Args::Ref(NO_VALUE))
    }
}

/// Why a call's argument does not have its function's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// `Ref` without a non-empty name.
    Name,
    /// `Fn::GetAtt` of another form.
    GetAtt,
    /// `Fn::Sub` of another form.
    Sub,
    /// A list of the wrong length.
    Count {
        min: usize,
        max: usize,
        count: usize,
    },
    /// Not a list.
    NotList { min: usize, max: usize },
    /// The first argument is not a string.
    LeadingString,
    /// Neither a string nor a call.
    NotString,
    /// A condition function's operands of another form.
    Condition,
}

impl Problem {
    fn message(self, spelled: &str) -> String {
        let wanted = |min: usize, max: usize| {
            if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            }
        };
        match self {
            Problem::Name => {
                format!("`{spelled}` takes the non-empty name of a parameter or resource")
            }
            Problem::GetAtt => format!(
                "`{spelled}` takes `Resource.Attribute` or a list of a resource name and an attribute"
            ),
            Problem::Sub => format!(
                "`{spelled}` takes a string, or a list of a string and a mapping of variables"
            ),
            Problem::Count { min, max, count } => format!(
                "`{spelled}` takes a list of {} arguments; it has {count}",
                wanted(min, max)
            ),
            Problem::NotList { min, max } => {
                format!("`{spelled}` takes a list of {} arguments", wanted(min, max))
            }
            Problem::LeadingString => {
                format!("the first argument of `{spelled}` must be a string")
            }
            Problem::NotString => format!("`{spelled}` takes a string"),
            Problem::Condition => condition_in_value(spelled),
        }
    }
}

fn condition_in_value(spelled: &str) -> String {
    format!("`{spelled}` is a condition function: it belongs in `Conditions`, not in a value")
}

fn is_string_or_call(node: &Node) -> bool {
    matches!(node.value, Value::Str(_)) && node.tag.is_none() || call(node).is_some()
}

impl<'a> Call<'a> {
    /// Whether it was written as a tag (`!Ref X`) rather than a mapping.
    pub fn is_short(&self) -> bool {
        self.short
    }

    /// The function as written: `!If` or `Fn::If`.
    pub fn spelled(&self) -> String {
        match (self.short, self.function) {
            (true, _) => ["!", self.name].concat(),
            (false, Some(Function::Ref)) => REF.to_owned(),
            (false, _) => [PREFIX, self.name].concat(),
        }
    }

    /// The function as written with its argument, when the argument is a name (`!Ref Env`);
    /// else as [`Call::spelled`].
    pub fn spelled_with_name(&self) -> String {
        let mut spelled = self.spelled();
        if let Some(Args::Ref(name)) = self.args() {
            spelled.push(' ');
            spelled.push_str(name);
        }
        spelled
    }

    /// Whether it is `Ref AWS::NoValue`, which removes its member.
    pub fn is_no_value(&self) -> bool {
        self.args().is_some_and(|args| args.is_no_value())
    }

    /// The condition an `Fn::If` names, with where, even when its other arguments are malformed
    /// (so an undefined condition is reported beside the malformed call).
    pub fn if_condition(&self) -> Option<(&'a str, Position)> {
        if self.function != Some(Function::If) {
            return None;
        }
        match self.arg {
            Value::Seq(items) => match items.first() {
                Some(Node {
                    value: Value::Str(name),
                    at,
                    ..
                }) => Some((name, *at)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The typed arguments of a known function whose argument has its form.
    pub fn args(&self) -> Option<Args<'a>> {
        self.parse().ok()
    }

    /// The typed arguments, or why the argument does not have its function's form.
    fn parse(&self) -> Result<Args<'a>, Problem> {
        let Some(function) = self.function else {
            return Err(Problem::Name);
        };
        let arg = self.arg;
        match (function.shape(), arg) {
            (Shape::Condition, _) => condition_args(function, arg),
            (Shape::Name, Value::Str(name)) if !name.is_empty() => Ok(Args::Ref(name)),
            (Shape::Name, _) => Err(Problem::Name),
            (Shape::GetAtt, Value::Str(text)) => match text.split_once('.') {
                Some((resource, attribute)) if !resource.is_empty() && !attribute.is_empty() => {
                    Ok(Args::GetAtt {
                        resource,
                        attribute: Attribute::Name(attribute),
                    })
                }
                _ => Err(Problem::GetAtt),
            },
            (Shape::GetAtt, Value::Seq(items)) => match items.as_slice() {
                [Node {
                    value: Value::Str(resource),
                    ..
                }, attribute]
                    if is_string_or_call(attribute) =>
                {
                    let attribute = match &attribute.value {
                        Value::Str(name) if attribute.tag.is_none() => Attribute::Name(name),
                        _ => Attribute::Call(attribute),
                    };
                    Ok(Args::GetAtt {
                        resource,
                        attribute,
                    })
                }
                _ => Err(Problem::GetAtt),
            },
            (Shape::GetAtt, _) => Err(Problem::GetAtt),
            (Shape::Sub, Value::Str(text)) => Ok(Args::Sub {
                text,
                variables: None,
            }),
            (Shape::Sub, Value::Seq(items)) => match items.as_slice() {
                [Node {
                    value: Value::Str(text),
                    ..
                }, variables @ Node {
                    value: Value::Map(_),
                    ..
                }] => Ok(Args::Sub {
                    text,
                    variables: Some(variables),
                }),
                _ => Err(Problem::Sub),
            },
            (Shape::Sub, _) => Err(Problem::Sub),
            (
                Shape::List {
                    min,
                    max,
                    leading_string,
                },
                Value::Seq(items),
            ) => {
                let count = items.len();
                if count < min || count > max {
                    return Err(Problem::Count { min, max, count });
                }
                let leading = match &items[0].value {
                    Value::Str(text) => Some(text.as_str()),
                    _ => None,
                };
                if leading_string && leading.is_none() {
                    return Err(Problem::LeadingString);
                }
                Ok(list_args(function, items, leading.unwrap_or_default()))
            }
            (Shape::List { min, max, .. }, _) => Err(Problem::NotList { min, max }),
            (Shape::StringOrCall, Value::Str(_) | Value::Map(_)) => Ok(match function {
                Function::ImportValue => Args::ImportValue(arg),
                Function::Base64 => Args::Base64(arg),
                _ => Args::GetAZs(arg),
            }),
            (Shape::StringOrCall, _) => Err(Problem::NotString),
            (Shape::Any, _) => Ok(match function {
                Function::Length => Args::Length(arg),
                Function::ToJsonString => Args::ToJsonString(arg),
                _ => Args::Transform(arg),
            }),
        }
    }
}

/// The arguments of a list-taking function, its length and leading string checked.
fn list_args<'a>(function: Function, items: &'a [Node], leading: &'a str) -> Args<'a> {
    match function {
        Function::Join => Args::Join {
            separator: leading,
            list: &items[1],
        },
        Function::If => Args::If {
            condition: leading,
            then: &items[1],
            otherwise: &items[2],
        },
        Function::Select => Args::Select {
            index: &items[0],
            list: &items[1],
        },
        Function::Split => Args::Split {
            separator: leading,
            text: &items[1],
        },
        Function::FindInMap => Args::FindInMap {
            map: &items[0],
            top: &items[1],
            second: &items[2],
            default: items.get(3),
        },
        _ => Args::Cidr {
            block: &items[0],
            count: &items[1],
            bits: &items[2],
        },
    }
}

/// A condition function's operands, as `Conditions` reads them.
fn condition_args(function: Function, arg: &Value) -> Result<Args<'_>, Problem> {
    match (function, arg) {
        (Function::Condition, Value::Str(name)) => Ok(Args::Condition(name)),
        (Function::And, Value::Seq(items)) => Ok(Args::And(items)),
        (Function::Or, Value::Seq(items)) => Ok(Args::Or(items)),
        (Function::Not, Value::Seq(items)) if items.len() == 1 => Ok(Args::Not(&items[0])),
        (Function::Equals, Value::Seq(items)) if items.len() == 2 => {
            Ok(Args::Equals(&items[0], &items[1]))
        }
        _ => Err(Problem::Condition),
    }
}

/// `Ref` of `name` as a template writes it: `!Ref Name` (`short`) or `{"Ref": "Name"}`.
pub fn spelled_ref(name: &str, short: bool) -> String {
    if short {
        format!("!{REF} {name}")
    } else {
        format!("{{\"{REF}\": \"{name}\"}}")
    }
}

/// `Fn::GetAtt` of `resource`'s `attribute` as a template writes it: `!GetAtt R.A` (`short`)
/// or `{"Fn::GetAtt": ["R", "A"]}`.
pub fn spelled_get_att(resource: &str, attribute: &str, short: bool) -> String {
    let name = Function::GetAtt.name();
    if short {
        format!("!{name} {resource}.{attribute}")
    } else {
        format!("{{\"{PREFIX}{name}\": [\"{resource}\", \"{attribute}\"]}}")
    }
}

/// `Ref` of `name` in its long form, `{"Ref": "Name"}`, as the command writes it into templates.
pub fn ref_expression(name: &str) -> Json {
    json!({ (REF): name })
}

/// A source value as the JSON expression it is: intrinsic functions in their long form
/// (`!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, `!Ref X` is `{"Ref": "X"}`), so that two
/// documents compare by their expressions, never by placeholder values.
pub fn expression(node: &Node, intrinsics: bool) -> Json {
    if intrinsics {
        if let Some(call) = call(node) {
            let key = match call.function {
                Some(Function::Ref) => REF.to_owned(),
                _ => format!("{PREFIX}{}", call.name),
            };
            let arg = match (call.function, plain(call.arg, intrinsics)) {
                (Some(Function::GetAtt), Json::String(text)) => match text.split_once('.') {
                    Some((resource, attribute)) => json!([resource, attribute]),
                    None => Json::String(text),
                },
                (_, arg) => arg,
            };
            let mut out = Map::new();
            out.insert(key, arg);
            return Json::Object(out);
        }
    }
    plain(&node.value, intrinsics)
}

fn plain(value: &Value, intrinsics: bool) -> Json {
    match value {
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, _, v)| (k.clone(), expression(v, intrinsics)))
                .collect(),
        ),
        Value::Seq(items) => Json::Array(items.iter().map(|i| expression(i, intrinsics)).collect()),
        Value::Str(s) => Json::from(s.as_str()),
        Value::Number(n) => Json::Number(n.clone()),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Null,
        Value::Unknown(unknown) => Json::from(unknown.expression.as_str()),
    }
}

/// YAML core tags whose meaning the reader applies.
const CORE_TAGS: &[&str] = &["str", "int", "float", "bool", "null", "map", "seq"];

/// A problem with an intrinsic function or a tag, at its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// [`Code::Intrinsic`] for a function, [`Code::Tag`] for a tag.
    pub code: Code,
    /// Where.
    pub at: Position,
    /// What is wrong.
    pub message: String,
}

/// Every malformed intrinsic function and unknown tag in `node` (with `intrinsics` false, as in
/// an API body, every local tag is unknown).
pub fn malformed(node: &Node, intrinsics: bool) -> Vec<Malformed> {
    let mut out = Vec::new();
    audit(node, intrinsics, &mut out);
    out
}

fn audit(node: &Node, intrinsics: bool, out: &mut Vec<Malformed>) {
    let call = if intrinsics { call(node) } else { None };
    audit_node(node, call.as_ref(), intrinsics, out);
    match call {
        // A call's argument is not audited itself (in the mapping form, it is the value of the
        // function's key), only what it holds.
        Some(call) => audit_children(call.arg, intrinsics, out),
        None => audit_children(&node.value, intrinsics, out),
    }
}

/// The checks of [`malformed`] at `node` alone, `call` being its call (`None` unless
/// `intrinsics`): its tag, its call's form, function keys beside other keys. [`malformed`]
/// then audits what the call's argument holds, or what `node` holds; a walk doing other things
/// at each node too calls this at the same nodes.
pub fn audit_node(
    node: &Node,
    call: Option<&Call<'_>>,
    intrinsics: bool,
    out: &mut Vec<Malformed>,
) {
    let mut report = |at: Position, message: String| {
        out.push(Malformed {
            code: Code::Tag,
            at,
            message,
        })
    };
    match node.tag.as_deref() {
        Some(Tag::Core(name)) if !CORE_TAGS.contains(&name.as_str()) => {
            report(node.at, format!("unknown tag `!!{}`", echo(name)))
        }
        Some(Tag::Other(name)) => report(node.at, format!("unknown tag `!<{}>`", echo(name))),
        Some(Tag::Local(name)) if !intrinsics => report(
            node.at,
            format!(
                "the tag `!{}` has no meaning here: only templates have intrinsic functions",
                echo(name)
            ),
        ),
        _ => {}
    }
    if !intrinsics {
        return;
    }
    if let Some(call) = call {
        check_call(call, node.at, out);
        return;
    }
    if let Value::Map(entries) = &node.value {
        if entries.len() > 1 {
            for (key, at, _) in entries {
                if is_function_key(key) {
                    out.push(Malformed {
                        code: Code::Intrinsic,
                        at: *at,
                        message: format!(
                            "`{}` must be the only key of its mapping to be an intrinsic function",
                            echo(key)
                        ),
                    });
                }
            }
        }
    }
}

fn audit_children(value: &Value, intrinsics: bool, out: &mut Vec<Malformed>) {
    match value {
        Value::Map(entries) => {
            for (_, _, child) in entries {
                audit(child, intrinsics, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                audit(item, intrinsics, out);
            }
        }
        _ => {}
    }
}

/// The checks of one call in a value: a known function, not a condition function, its argument
/// of its form.
fn check_call(call: &Call<'_>, at: Position, out: &mut Vec<Malformed>) {
    let spelled = echo(&call.spelled());
    let Some(function) = call.function else {
        let (code, what) = if call.short {
            (Code::Tag, "unknown tag")
        } else {
            (Code::Intrinsic, "unknown intrinsic function")
        };
        out.push(Malformed {
            code,
            at,
            message: format!("{what} `{spelled}`"),
        });
        return;
    };
    let problem = if function.is_condition() {
        Some(condition_in_value(&spelled))
    } else {
        call.parse().err().map(|problem| problem.message(&spelled))
    };
    if let Some(message) = problem {
        out.push(Malformed {
            code: Code::Intrinsic,
            at,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::parse;

    fn problems(yaml: &str) -> Vec<String> {
        malformed(&parse(yaml, false).unwrap(), true)
            .into_iter()
            .map(|m| format!("{}:{} {}", m.at.line, m.at.column, m.message))
            .collect()
    }

    #[test]
    fn names_round_trip() {
        for function in Function::ALL {
            assert_eq!(Function::from_name(function.name()), Some(function));
        }
        assert_eq!(Function::from_name("Bogus"), None);
        assert_eq!(Function::from_name("Fn::If"), None);
    }

    #[test]
    fn well_formed_intrinsics_pass() {
        let yaml = "A: !If [C, !Ref X, !GetAtt R.Arn]\nB: !Sub ['${X}', {X: !Ref Y}]\nC: {'Fn::Join': ['', [a, !Ref B]]}\nD: !GetAZs ''\nE: !Select [0, !GetAZs '']\nF: !FindInMap [M, K, V]\nG: !!str 443\n";
        assert_eq!(problems(yaml), Vec::<String>::new());
    }

    #[test]
    fn malformed_intrinsics_and_unknown_tags_are_reported_where_they_are() {
        let yaml = "A: !If [C, x]\nB: !If C\nC: {'Fn::Bogus': 1}\nD: !Ref ''\nE: !Equals [a, b]\nF: !Foo x\nG: !If [C, a, b, c]\nH: {'Fn::If': [C]}\nI: !!binary abc\nJ: {Ref: X, Other: 1}\n";
        let found = problems(yaml);
        assert_eq!(found.len(), 10, "{found:#?}");
        assert!(
            found[0].starts_with("1:8 `!If` takes a list of 3 arguments; it has 2"),
            "{found:#?}"
        );
        assert!(found[1].starts_with("2:8 `!If` takes a list of 3"));
        assert!(found[2].starts_with("3:4 unknown intrinsic function `Fn::Bogus`"));
        assert!(found[3].contains("`!Ref` takes the non-empty name"));
        assert!(found[4].contains("condition function"));
        assert!(found[5].contains("unknown tag `!Foo`"));
        assert!(found[6].contains("it has 4"));
        assert!(found[7].contains("`Fn::If` takes a list of 3 arguments; it has 1"));
        assert!(found[8].contains("unknown tag `!!binary`"));
        assert!(found[9].contains("`Ref` must be the only key"));
    }

    #[test]
    fn api_bodies_have_no_intrinsics() {
        let node = parse("a: !Ref X\nb: {Ref: X}\n", false).unwrap();
        assert_eq!(malformed(&node, false).len(), 1);
    }

    fn args_of(yaml: &str) -> String {
        let node = parse(yaml, false).unwrap();
        format!("{:?}", call(&node).unwrap().parse().map(|_| ()))
    }

    #[test]
    fn arguments_are_typed_per_function() {
        let node = parse("!GetAtt [R, !Ref A]", false).unwrap();
        assert!(matches!(
            call(&node).unwrap().args(),
            Some(Args::GetAtt {
                resource: "R",
                attribute: Attribute::Call(_)
            })
        ));
        let node = parse("{'Fn::FindInMap': [M, K, V, D]}", false).unwrap();
        assert!(matches!(
            call(&node).unwrap().args(),
            Some(Args::FindInMap {
                default: Some(_),
                ..
            })
        ));
        let node = parse("!If [C, a, b]", false).unwrap();
        assert!(matches!(
            call(&node).unwrap().args(),
            Some(Args::If { condition: "C", .. })
        ));
        assert_eq!(args_of("!Not [a, b]"), "Err(Condition)");
        assert_eq!(args_of("!GetAtt R"), "Err(GetAtt)");
        let node = parse("{Condition: IsProd}", false).unwrap();
        assert_eq!(condition_reference(&node), Some("IsProd"));
        let node = parse("!Condition IsProd", false).unwrap();
        assert_eq!(condition_reference(&node), Some("IsProd"));
    }

    #[test]
    fn long_form_expressions() {
        let node = parse("a: !GetAtt R.Arn\nb: !Ref X\nc: !Bogus y\n", false).unwrap();
        assert_eq!(
            expression(&node, true),
            json!({"a": {"Fn::GetAtt": ["R", "Arn"]}, "b": {"Ref": "X"}, "c": {"Fn::Bogus": "y"}})
        );
        assert_eq!(expression(&node, false)["b"], json!("X"));
    }
}
