//! `capabilities`: every capability kind the schema defines, with its fields.

use super::definitions::{DOCUMENTATION, ENDPOINT, FORM_VARIABLES, UI_BLOCK_ELEMENT};
use super::top::URL;
use super::{closed, field, Array, Field, Object, Pattern, Schema, Str, STRING, STRINGS};

const POLICY_STATEMENT: Schema = Schema::Object(&closed(
    &[
        field("actions", STRINGS),
        field(
            "effect",
            Schema::String(&Str {
                values: &["allow", "deny"],
                ..Str::ANY
            }),
        ),
        field("notActions", STRINGS),
        field("notResources", STRINGS),
        field("resources", STRINGS),
    ],
    &[],
));

const AUDIT_LOG_EVENTS_HOOK: Schema = Schema::Object(&closed(
    &[
        field("endpoint", ENDPOINT),
        field(
            "templates",
            Schema::Object(&Object {
                unknown_code: "manifest/unknown-template-key",
                ..closed(
                    &[
                        field("flag", STRING),
                        field("project", STRING),
                        field("environment", STRING),
                        field("default", STRING),
                        field("validation", STRING),
                        field("member", STRING),
                    ],
                    &[],
                )
            }),
        ),
        field(
            "defaultPolicy",
            Schema::Array(&Array {
                min_items: 1,
                few_code: Some("manifest/empty-default-policy"),
                ..Array::of(POLICY_STATEMENT)
            }),
        ),
        field("includeErrorResponseBody", Schema::Boolean),
        field(
            "deliveryMethod",
            Schema::String(&Str {
                values: &["custom"],
                ..Str::ANY
            }),
        ),
        field("useStandardWebhookPayload", Schema::Boolean),
    ],
    &["templates"],
));

/// A request object without `"type": "object"` (as the schema writes the approval and button
/// requests): another type passes.
const fn untyped(fields: &'static [Field], required: &'static [&'static str]) -> Object {
    Object {
        typed: false,
        ..closed(fields, required)
    }
}

const APPROVAL_REQUEST: &[Field] = &[
    field("endpoint", ENDPOINT),
    field("jsonBody", STRING),
    field("parser", APPROVAL_PARSER),
];

const APPROVAL_PARSER: Schema = Schema::Object(&closed(
    &[
        field("approvalId", STRING),
        field("statusValue", STRING),
        field("statusDisplay", STRING),
        field("approvalMatcher", STRING),
        field("rejectionMatcher", STRING),
        field("urlTemplate", STRING),
    ],
    &["statusValue", "approvalMatcher"],
));

const MEMBER_LIST_PARSER: Schema = Schema::Object(&closed(
    &[
        field("memberArrayPath", STRING),
        field(
            "memberItems",
            Schema::Object(&Object {
                typed: false,
                ..closed(
                    &[field("email", STRING), field("memberId", STRING)],
                    &["email", "memberId"],
                )
            }),
        ),
    ],
    &["memberArrayPath", "memberItems"],
));

const APPROVAL: Schema = Schema::Object(&closed(
    &[
        field(
            "name",
            Schema::String(&Str {
                min_len: 1,
                max_len: Some(100),
                ..Str::ANY
            }),
        ),
        field("environmentFormVariables", FORM_VARIABLES),
        field("approvalFormVariables", FORM_VARIABLES),
        field("allowAdditionalApprovalFormVariables", Schema::Boolean),
        field("allowApprovalIntegrationConfigurations", Schema::Boolean),
        field(
            "creationRequest",
            Schema::Object(&untyped(APPROVAL_REQUEST, &["endpoint"])),
        ),
        field(
            "statusRequest",
            Schema::Object(&untyped(APPROVAL_REQUEST, &["endpoint", "parser"])),
        ),
        field(
            "postApplyRequest",
            Schema::Object(&untyped(APPROVAL_REQUEST, &["endpoint", "parser"])),
        ),
        field(
            "deletionRequest",
            Schema::Object(&untyped(APPROVAL_REQUEST, &["endpoint", "parser"])),
        ),
        field(
            "memberListRequest",
            Schema::Object(&untyped(
                &[
                    field("endpoint", ENDPOINT),
                    field("jsonBody", STRING),
                    field("parser", MEMBER_LIST_PARSER),
                ],
                &["endpoint", "parser"],
            )),
        ),
    ],
    &[
        "creationRequest",
        "statusRequest",
        "postApplyRequest",
        "deletionRequest",
    ],
));

const BUTTON_ACTION: Schema = Schema::Object(&closed(
    &[
        field(
            "actionRequest",
            Schema::Object(&untyped(&[field("endpoint", ENDPOINT)], &["endpoint"])),
        ),
        field(
            "requestBodyTemplates",
            Schema::Array(&Array::of(Schema::Object(&Object {
                closed: false,
                ..closed(
                    &[
                        field("key", STRING),
                        field("jsonBody", STRING),
                        field("requiredContext", STRINGS),
                    ],
                    &["key", "jsonBody", "requiredContext"],
                )
            }))),
        ),
    ],
    &["actionRequest", "requestBodyTemplates"],
));

const RESERVED_CUSTOM_PROPERTIES: Schema = Schema::Array(&Array::of(Schema::Object(&closed(
    &[
        field(
            "name",
            Schema::String(&Str {
                max_len: Some(64),
                ..Str::ANY
            }),
        ),
        field(
            "key",
            Schema::String(&Str {
                max_len: Some(64),
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
    ],
    &["name", "key"],
))));

const TRIGGER: Schema = Schema::Object(&closed(
    &[
        field("documentation", DOCUMENTATION),
        field(
            "auth",
            Schema::String(&Str {
                values: &["sharedSecret"],
                ..Str::ANY
            }),
        ),
        field(
            "parser",
            Schema::Object(&closed(
                &[
                    field("eventName", STRING),
                    field("value", STRING),
                    field("url", STRING),
                ],
                &[],
            )),
        ),
        field("defaultEventName", STRING),
        field("testEventNameRegexp", STRING),
    ],
    &["documentation"],
));

const FEATURE_STORE: Schema = Schema::Object(&closed(
    &[
        field("formVariables", FORM_VARIABLES),
        field(
            "validationRequest",
            Schema::Object(&closed(
                &[
                    field("endpoint", ENDPOINT),
                    field(
                        "parser",
                        Schema::Object(&closed(
                            &[field("success", STRING), field("errors", STRING)],
                            &["success"],
                        )),
                    ),
                ],
                &["endpoint", "parser"],
            )),
        ),
        field(
            "featureStoreRequest",
            Schema::Object(&closed(
                &[
                    field("endpoint", ENDPOINT),
                    field("payloadPrefix", STRING),
                    field("payloadSuffix", STRING),
                ],
                &["endpoint"],
            )),
        ),
    ],
    &["formVariables", "featureStoreRequest"],
));

const UI_ELEMENTS: Schema = Schema::Array(&Array::of(UI_BLOCK_ELEMENT));

const FLAG_LINK: Schema = Schema::Object(&closed(
    &[
        field(
            "uiBlocks",
            Schema::Object(&closed(
                &[
                    field(
                        "image",
                        Schema::Object(&closed(
                            &[
                                field("sourceUrl", STRING),
                                field("isIcon", Schema::Boolean),
                                field("isAvatar", Schema::Boolean),
                            ],
                            &["sourceUrl"],
                        )),
                    ),
                    field("name", STRING),
                    field(
                        "title",
                        Schema::Object(&closed(
                            &[
                                field("elements", UI_ELEMENTS),
                                field("linkToReference", Schema::Boolean),
                            ],
                            &["elements"],
                        )),
                    ),
                    field(
                        "context",
                        Schema::Object(&closed(&[field("elements", UI_ELEMENTS)], &["elements"])),
                    ),
                    field("description", STRING),
                ],
                &[],
            )),
        ),
        field(
            "emptyState",
            Schema::Object(&closed(
                &[field("title", STRING), field("leadText", STRING)],
                &[],
            )),
        ),
        field("header", STRING),
        field(
            "metadata",
            Schema::Object(&Object {
                closed: false,
                additional: Some(Schema::Object(&closed(
                    &[field(
                        "type",
                        Schema::String(&Str {
                            values: &["string", "uri"],
                            ..Str::ANY
                        }),
                    )],
                    &["type"],
                ))),
                ..closed(&[], &[])
            }),
        ),
    ],
    &["uiBlocks", "header", "emptyState"],
));

const EXTERNAL_URL: Schema = URL;

const EXTERNAL_CONFIGURATION_PAGES: Schema = Schema::Object(&closed(
    &[field("createUrl", URL), field("editUrl", URL)],
    &["createUrl", "editUrl"],
));

const INTERNAL_CONFIGURATION_URL: Schema = Schema::String(&Str {
    max_len: Some(2048),
    pattern: Some(Pattern::InternalPath),
    ..Str::ANY
});

const SYNCED_SEGMENT: Schema = Schema::Object(&closed(
    &[
        field("jsonResponseBody", STRING),
        field(
            "requestParser",
            Schema::Object(&closed(
                &[
                    field("environmentIdPath", STRING),
                    field("contextKindPath", STRING),
                    field("cohortIdPath", STRING),
                    field("cohortNamePath", STRING),
                    field("cohortUrlPath", STRING),
                    field("memberArrayPath", STRING),
                    field("addMemberArrayPath", STRING),
                    field("removeMemberArrayPath", STRING),
                    field(
                        "arrayInclusion",
                        Schema::Object(&closed(
                            &[field("path", STRING), field("matcher", STRING)],
                            &["path", "matcher"],
                        )),
                    ),
                    field(
                        "memberArrayParser",
                        Schema::Object(&closed(
                            &[
                                field("memberIdPath", STRING),
                                field("booleanMembershipPath", STRING),
                                field("cohortNamePath", STRING),
                                field("cohortIdPath", STRING),
                            ],
                            &["memberIdPath"],
                        )),
                    ),
                ],
                &[
                    "environmentIdPath",
                    "cohortIdPath",
                    "cohortNamePath",
                    "memberArrayParser",
                ],
            )),
        ),
    ],
    &["requestParser"],
));

const BIG_SEGMENT_STORE: Schema = Schema::Object(&closed(
    &[field(
        "dbStyle",
        Schema::String(&Str {
            values: &["redis", "dynamoDB"],
            ..Str::ANY
        }),
    )],
    &["dbStyle"],
));

const FLAG_IMPORT: Schema = Schema::Object(&closed(
    &[
        field("includeErrorResponseBody", Schema::Boolean),
        field(
            "templates",
            Schema::Object(&closed(
                &[
                    field("splitDetails", STRING),
                    field("splitOverview", STRING),
                    field("statsig", STRING),
                ],
                &[],
            )),
        ),
    ],
    &["includeErrorResponseBody"],
));

const EVENTS_HOOK: Schema = Schema::Object(&Object {
    // Allowed by name, with no schema.
    also_allowed: &["triggers"],
    ..closed(
        &[
            field("endpoint", ENDPOINT),
            field(
                "templates",
                Schema::Object(&closed(
                    &[
                        field("measuredRolloutRegressionDetected", STRING),
                        field("measuredRolloutReverted", STRING),
                        field("errorMonitoringNewIssueFound", STRING),
                    ],
                    &[],
                )),
            ),
            field("includeErrorResponseBody", Schema::Boolean),
        ],
        &["templates", "endpoint"],
    )
});

const FLAG_CLEANUP: Schema =
    Schema::Object(&closed(&[field("formVariables", FORM_VARIABLES)], &[]));

/// `capabilities`: an unknown capability name is refused.
pub const CAPABILITIES: Object = Object {
    unknown_code: "manifest/unknown-capability",
    ..closed(
        &[
            field("auditLogEventsHook", AUDIT_LOG_EVENTS_HOOK),
            field("buttonAction", BUTTON_ACTION),
            field("reservedCustomProperties", RESERVED_CUSTOM_PROPERTIES),
            field("trigger", TRIGGER),
            field("approval", APPROVAL),
            field("featureStore", FEATURE_STORE),
            field("flagLink", FLAG_LINK),
            field("hideConfiguration", Schema::Boolean),
            field("externalConfigurationURL", EXTERNAL_URL),
            field("externalConfigurationPages", EXTERNAL_CONFIGURATION_PAGES),
            field("syncedSegment", SYNCED_SEGMENT),
            field("bigSegmentStore", BIG_SEGMENT_STORE),
            field("flagImport", FLAG_IMPORT),
            field("eventsHook", EVENTS_HOOK),
            field("flagCleanup", FLAG_CLEANUP),
            field("internalConfigurationURL", INTERNAL_CONFIGURATION_URL),
        ],
        &[],
    )
};
