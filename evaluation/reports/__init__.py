"""PDF reports: context (data), HTML (templates/pdf/) and the HTML-to-PDF step, kept apart."""
