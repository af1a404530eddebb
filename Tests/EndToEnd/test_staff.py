"""Staff and roles through nginx (issue 13, point 5): the admin's Staff page changes a role and
disables a login, which nginx still lets in; the shell's `customer-admin staff` does the same."""

from __future__ import annotations

import re



def form_fields(page: str, user: str) -> dict[str, str]:
    """The CSRF token and a submission key from the Staff page's form for `user`."""
    row = page[page.index(f'<tr id="staff-{user}"'):]
    return {
        "csrf": re.search(r'name="csrf" value="([^"]+)"', row).group(1),
        "submission": re.search(r'name="submission" value="([^"]+)"', row).group(1),
    }


def test_an_admin_changes_a_role_and_a_disabled_login_is_refused(stack):
    page = stack.get("/staff", user="admin")
    assert page.status_code == 200
    assert '<th scope="row">officer</th>' in page.text and "htpasswd" in page.text
    assert stack.get("/staff", user="manager").status_code == 403

    fields = form_fields(page.text, "viewer") | {"user": "viewer", "role": "viewer", "email": "v@bank.example", "disabled": "1"}
    saved = stack.post("/staff", data=fields, user="admin", allow_redirects=False)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/staff#staff-viewer")
    try:
        refused = stack.get("/customers", user="viewer")
        assert refused.status_code == 403
        assert "was disabled in customer-admin" in refused.text
        listed = stack.cli("staff", "list").stdout
        assert re.search(r"^viewer\s+viewer\s+disabled\s+last seen .*v@bank\.example$", listed, re.MULTILINE), listed
    finally:
        stack.cli("staff", "enable", "viewer")
    assert stack.get("/customers", user="viewer").status_code == 200
