"""Site-wide pages: the statements anyone may read, and each person's own account."""

from tests.url_cases import Case

CASES = {
    "site:accessibility": Case(public=True),
    "site:privacy": Case(public=True),
    # Everyone signed in has their own account page; it shows nobody else's data.
    "site:account": Case(outsider=200),
    # Signs the person out and sends them to sign in.
    "site:sign_out_everywhere": Case(outsider=302, post_only=True),
}
