"""Sign-in for Coproduce on django-allauth: the account adapter (no open sign-up,
throttling keys), who must use a second sign-in step, and the middleware that keeps
them on the set-up pages until they have one."""
