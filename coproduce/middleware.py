"""Security headers that Django 5.2 does not set by itself."""

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap and htmx set style attributes (progress bars, indicators).
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def content_security_policy(get_response):
    """No inline or third-party scripts: pages load only our own files."""

    def middleware(request):
        response = get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response

    return middleware
