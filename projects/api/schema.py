"""How the OpenAPI schema describes a personal access token."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "projects.api.auth.TokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from Your account → API tokens.",
        }


ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "A list of messages for each field that was refused "
    "(``non_field_errors`` for the rest), or one ``detail``.",
    "additionalProperties": {},
}
ANSWERS = {
    "400": ("The request was refused: the messages say why.", FIELD_ERRORS),
    "401": ("No token, or it is unknown, revoked or has expired.", ERROR),
    "403": ("Your role, or a read-only token, does not allow this.", ERROR),
    "404": ("Not found, or not yours to see.", ERROR),
}


def error_answers(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation can answer 400, 401,
    403 and 404; say so in the schema, with their shapes."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for status, (description, body) in ANSWERS.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": body}},
                    },
                )
    return result
