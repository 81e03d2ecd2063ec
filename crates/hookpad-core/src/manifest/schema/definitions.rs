//! Shapes several capabilities share: an HTTP endpoint, a form variable, a UI block element.

use super::top::URL;
use super::{closed, field, Array, Field, Object, Pattern, Schema, Str, STRING, STRINGS};

/// HTTP methods an endpoint may use.
pub const METHODS: &[&str] = &["POST", "PUT", "PATCH", "GET", "DELETE"];

/// Form-variable types.
pub const VARIABLE_TYPES: &[&str] = &[
    "string",
    "boolean",
    "uri",
    "enum",
    "oauth",
    "dynamicEnum",
    "generated",
    "environmentSelector",
    "multiselect",
    "publicKey",
];

/// An HTTP request: URL, method, headers and HMAC signature.
pub const ENDPOINT: Schema = Schema::Object(&closed(
    &[
        field("url", STRING),
        field(
            "method",
            Schema::String(&Str {
                values: METHODS,
                value_code: "manifest/invalid-method",
                ..Str::ANY
            }),
        ),
        field(
            "headers",
            Schema::Array(&Array {
                items: Schema::Object(&closed(
                    &[
                        field(
                            "name",
                            Schema::String(&Str {
                                max_len: Some(50),
                                pattern: Some(Pattern::NoSpace),
                                pattern_code: Some("manifest/invalid-header-name"),
                                ..Str::ANY
                            }),
                        ),
                        field("value", STRING),
                    ],
                    &["name", "value"],
                )),
                ..Array::of(STRING)
            }),
        ),
        field(
            "hmacSignature",
            Schema::Object(&closed(
                &[
                    field("headerName", STRING),
                    field("hmacSecretFormVariableKey", STRING),
                ],
                &[],
            )),
        ),
    ],
    &["url", "method"],
));

/// A form-variable key (also `dependsOn[].variableKey`): at most 20 characters, no white space.
const VARIABLE_KEY: Schema = Schema::String(&Str {
    max_len: Some(20),
    pattern: Some(Pattern::NoSpace),
    pattern_code: Some("manifest/invalid-variable-key"),
    long_code: Some("manifest/variable-key-too-long"),
    ..Str::ANY
});

const LABEL_VALUE: Object = closed(
    &[field("label", STRING), field("value", STRING)],
    &["label", "value"],
);

const DYNAMIC_OPTIONS: Schema = Schema::Object(&closed(
    &[
        field("endpoint", ENDPOINT),
        field(
            "parser",
            Schema::Object(&closed(
                &[
                    field("optionsPath", STRING),
                    field(
                        "optionsItems",
                        Schema::Object(&Object {
                            typed: false,
                            ..LABEL_VALUE
                        }),
                    ),
                ],
                &["optionsPath", "optionsItems"],
            )),
        ),
    ],
    &["endpoint", "parser"],
));

const CONDITION: Schema = Schema::Object(&closed(
    &[
        field(
            "operator",
            Schema::String(&Str {
                values: &[
                    "lessThan",
                    "lessThanOrEqualTo",
                    "greaterThan",
                    "greaterThanOrEqualTo",
                    "equalTo",
                    "notEqual",
                    "contains",
                    "startsWith",
                    "endsWith",
                ],
                ..Str::ANY
            }),
        ),
        field(
            "value",
            Schema::String(&Str {
                max_len: Some(250),
                ..Str::ANY
            }),
        ),
    ],
    &["operator", "value"],
));

const DEPENDS_ON: Schema = Schema::Array(&Array {
    items: Schema::Object(&closed(
        &[
            field("variableKey", VARIABLE_KEY),
            field(
                "variableLocation",
                Schema::String(&Str {
                    values: &[
                        "approvalFormVariables",
                        "environmentFormVariables",
                        "formVariables",
                    ],
                    ..Str::ANY
                }),
            ),
            field(
                "conditions",
                Schema::Array(&Array {
                    items: CONDITION,
                    ..Array::of(STRING)
                }),
            ),
            field(
                "action",
                Schema::String(&Str {
                    values: &["hideField", "showField"],
                    ..Str::ANY
                }),
            ),
        ],
        &["variableKey", "variableLocation", "conditions", "action"],
    )),
    ..Array::of(STRING)
});

const VARIABLE_FIELDS: &[Field] = &[
    field("key", VARIABLE_KEY),
    field(
        "name",
        Schema::String(&Str {
            max_len: Some(50),
            ..Str::ANY
        }),
    ),
    field(
        "type",
        Schema::String(&Str {
            values: VARIABLE_TYPES,
            value_code: "manifest/unknown-variable-type",
            ..Str::ANY
        }),
    ),
    field(
        "description",
        Schema::String(&Str {
            max_len: Some(250),
            ..Str::ANY
        }),
    ),
    field("placeholder", STRING),
    field("isSecret", Schema::Boolean),
    field("isHidden", Schema::Boolean),
    field("isOptional", Schema::Boolean),
    field("defaultValue", Schema::BooleanOrString),
    field("allowedValues", STRINGS),
    field("dynamicOptions", DYNAMIC_OPTIONS),
    field("dependsOn", DEPENDS_ON),
    field(
        "multiselectOptions",
        Schema::Array(&Array {
            items: Schema::Object(&LABEL_VALUE),
            ..Array::of(STRING)
        }),
    ),
    field("multiselectDefaultOptions", STRINGS),
    field("disableAfterSaving", Schema::Boolean),
    field("hideEmpty", Schema::Boolean),
];

/// One form variable.
pub const FORM_VARIABLE: Schema = Schema::Object(&closed(
    VARIABLE_FIELDS,
    &["key", "name", "type", "description"],
));

/// A list of form variables (top level, `approval`, `featureStore`, `flagCleanup`).
pub const FORM_VARIABLES: Schema = Schema::Array(&Array {
    items: FORM_VARIABLE,
    ..Array::of(STRING)
});

/// One element of a flag link's title or context block.
pub const UI_BLOCK_ELEMENT: Schema = Schema::Object(&closed(
    &[
        field("text", STRING),
        field("isBold", Schema::Boolean),
        field("url", STRING),
        field("isTimestamp", Schema::Boolean),
    ],
    &["text"],
));

/// A link to documentation (`trigger.documentation`).
pub const DOCUMENTATION: Schema = URL;
