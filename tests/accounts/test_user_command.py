from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from thitsa.accounts.models import AccessLog, Account, ApiToken


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("user", *args, stdout=out)
    return out.getvalue()


def test_user_add_prints_a_one_time_link_and_stores_no_usable_password(db):
    out = run("add", "ko.aung@example.org", "--role", "verifier")
    assert "/accounts/welcome/" in out
    user = get_user_model().objects.get(username="ko.aung@example.org")
    assert not user.has_usable_password()
    assert user.account.role == "verifier"
    assert not user.is_staff


def test_user_add_password_prints_a_strong_password_once(db):
    out = run("add", "admin@example.org", "--role", "admin", "--password")
    password = out.split("password (shown once): ")[1].split()[0]
    assert len(password) >= 20
    user = get_user_model().objects.get(username="admin@example.org")
    assert user.check_password(password) and user.is_superuser and user.is_staff
    assert password not in user.password


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "not-an-email", "--role", "analyst"), "not an email address"),
        (("role", "nobody@example.org", "analyst"), "no account for nobody@example.org"),
    ],
)
def test_user_command_errors_say_what_to_do(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_user_add_refuses_a_second_account_for_one_address(db):
    run("add", "a@example.org", "--role", "analyst")
    with pytest.raises(CommandError, match="already has an account"):
        run("add", "A@example.org", "--role", "admin")
    assert Account.objects.get().role == "analyst"


def test_disabling_a_person_revokes_their_tokens(db):
    run("add", "b@example.org", "--role", "documenter")
    user = get_user_model().objects.get(username="b@example.org")
    _token, key = ApiToken.issue(user, "script")
    assert ApiToken.user_for(key) == user
    out = run("disable", "b@example.org")
    assert "1 API tokens revoked" in out
    assert ApiToken.user_for(key) is None


def test_a_new_password_revokes_their_tokens(db):
    """Found by a security review: a password changed in the admin (as after a seized laptop)
    ended the browser sessions, while the laptop's API token still read restricted data."""
    run("add", "b@example.org", "--role", "documenter")
    user = get_user_model().objects.get(username="b@example.org")
    _token, key = ApiToken.issue(user, "script")
    user.first_name = "B"
    user.save()  # another change keeps it
    assert ApiToken.user_for(key) == user
    user.set_password("a-new-long-passphrase-9")
    user.save()
    assert ApiToken.user_for(key) is None


def test_a_reset_revokes_their_tokens_with_the_second_factor(db):
    # The phone a reset is for may be in other hands, with the token a script used.
    run("add", "b@example.org", "--role", "documenter")
    user = get_user_model().objects.get(username="b@example.org")
    _token, key = ApiToken.issue(user, "phone")
    out = run("reset", "b@example.org")
    assert "second factor removed, 1 API tokens revoked" in out
    assert ApiToken.user_for(key) is None


def test_tokens_expire_and_unknown_keys_find_no_one(db):
    run("add", "c@example.org", "--role", "analyst")
    user = get_user_model().objects.get(username="c@example.org")
    _token, key = ApiToken.issue(user, "old", expires_at=timezone.now() - timedelta(seconds=1))
    assert ApiToken.user_for(key) is None
    assert ApiToken.user_for("thitsa_not-a-real-key") is None
    assert ApiToken.user_for("") is None
    # Only the digest is stored.
    assert not ApiToken.objects.filter(digest=key).exists()


def test_the_access_log_is_append_only(db):
    entry = AccessLog.objects.create(
        username="x", action="view", object_type="witness", object_id="1"
    )
    entry.action = "nothing"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_user_list_shows_role_and_second_factor(db):
    run("add", "d@example.org", "--role", "verifier")
    out = run("list")
    assert "d@example.org\tverifier\tactive\tno 2FA yet" in out


def test_a_restricted_export_from_the_command_line_is_logged(db, tmp_path):
    call_command("export", "incidents", "-o", str(tmp_path / "all.csv"))
    entry = AccessLog.objects.get()
    assert (entry.action, entry.object_type, entry.via) == ("export", "incidents", "cli")
    assert entry.username.startswith("os:")
    call_command("export", "incidents", "--public", "-o", str(tmp_path / "public.csv"))
    assert AccessLog.objects.count() == 1  # public exports are not restricted reads


def test_a_disabled_person_can_be_enabled_again(db):
    run("add", "e@example.org", "--role", "documenter")
    run("disable", "e@example.org")
    assert "e@example.org enabled" in run("enable", "e@example.org")
    assert get_user_model().objects.get(username="e@example.org").is_active


def test_reset_refuses_a_disabled_account(db):
    # The link would let them set a password for an account that cannot sign in.
    run("add", "f@example.org", "--role", "verifier")
    run("disable", "f@example.org")
    with pytest.raises(CommandError, match="f@example.org is disabled: `thitsa user enable"):
        run("reset", "f@example.org")


@pytest.mark.parametrize("args", [("role", "boss@example.org", "analyst"),
                                  ("disable", "boss@example.org")])  # fmt: skip
def test_the_last_active_admin_cannot_be_demoted_or_disabled(db, args):
    run("add", "boss@example.org", "--role", "admin")
    with pytest.raises(CommandError, match="boss@example.org is the last active admin"):
        run(*args)
    user = get_user_model().objects.get(username="boss@example.org")
    assert user.is_active and user.is_superuser and user.account.role == "admin"


def test_an_admin_with_another_active_admin_can_step_down(db):
    run("add", "boss@example.org", "--role", "admin")
    run("add", "deputy@example.org", "--role", "admin")
    run("disable", "deputy@example.org")  # a disabled admin does not count
    with pytest.raises(CommandError, match="last active admin"):
        run("role", "boss@example.org", "verifier")
    run("enable", "deputy@example.org")
    assert "boss@example.org is now verifier" in run("role", "boss@example.org", "verifier")


@pytest.mark.parametrize("action", [("role", "verifier"), ("disable",), ("reset",)])
def test_every_action_finds_an_address_typed_with_spaces_or_capitals(db, action):
    run("add", "ko.aung@example.org", "--role", "analyst")
    out = run(action[0], " Ko.Aung@example.org ", *action[1:])
    assert "ko.aung@example.org" in out


def test_the_one_time_link_sets_a_password_and_the_sign_in_page_says_so(db, client):
    """The confirmation was queued but the sign-in page showed no messages: it was lost."""
    link = run("add", "ko.aung@example.org", "--role", "verifier").split("http://127.0.0.1:8000")[1]
    link = link.split()[0]
    form = client.get(link, follow=True)  # Django swaps the token for a session first
    password = "a long and unguessable passphrase 42"
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )
    assert get_user_model().objects.get(username="ko.aung@example.org").check_password(password)
    assert "Password set. Sign in to pair your authenticator app." in done.content.decode()


@pytest.mark.parametrize("how", ["thitsa user disable", "the admin's active box"])
def test_disabling_a_person_ends_their_browser_sessions(db, client, signed_in, how):
    """Found by an adversary's review: `user disable` revoked the tokens but left the sessions;
    Django only hides an inactive user's session, so `user enable` brought a seized laptop's
    browser back signed in with both factors."""
    user = signed_in("verifier", "seized@example.org")
    assert client.get("/review/").status_code == 200
    if how == "thitsa user disable":
        assert "1 browser sessions ended" in run("disable", "seized@example.org")
    else:
        user.is_active = False
        user.save()
    run("enable", "seized@example.org")
    after = client.get("/review/")
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]


def test_the_link_says_where_it_leads_and_how_to_change_it(db, monkeypatch):
    # Found by a newcomer: after `thitsa up --port 8714` the link said :8000 and led nowhere.
    monkeypatch.delenv("THITSA_SITE_URL", raising=False)
    out = run("add", "c@example.org", "--role", "analyst")
    assert "set THITSA_SITE_URL" in out
