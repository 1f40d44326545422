"""users.*"""

from __future__ import annotations

from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


def test_add_user_shape(fake: FakeSlack) -> None:
    user = fake.add_user("U3", "carol", email="carol@example.com")
    assert user["id"] == "U3" and user["profile"]["real_name"] == "carol"
    assert user["profile"]["display_name"] == "carol" and user["profile"]["email"] == "carol@example.com"


def test_info_and_lookup(client: WebClient, slack_error) -> None:
    assert client.users_info(user="U1")["user"]["profile"]["real_name"] == "Alice Doe"
    assert slack_error(client.users_info, user="U404") == "user_not_found"
    assert client.users_lookupByEmail(email="BOB@example.com")["user"]["id"] == "U2"
    assert slack_error(client.users_lookupByEmail, email="nobody@example.com") == "users_not_found"


def test_list_paginates(client: WebClient, fake: FakeSlack) -> None:
    for i in range(3, 8):
        fake.add_user(f"U{i}", f"user{i}")
    ids, cursor = [], None
    while True:
        page = client.users_list(limit=3, cursor=cursor)
        ids += [m["id"] for m in page["members"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert sorted(ids) == sorted(["UBOT", "U1", "U2", *[f"U{i}" for i in range(3, 8)]])
    assert len(client.users_list()["members"]) == 8


def test_deactivated_users_stay_visible_as_deleted(client: WebClient, fake: FakeSlack) -> None:
    fake.deactivate_user("U2")
    assert client.users_info(user="U2")["user"]["deleted"] is True
    assert client.users_info(user="U1")["user"]["deleted"] is False
    listed = {m["id"]: m["deleted"] for m in client.users_list()["members"]}
    assert listed["U2"] is True and listed["U1"] is False


def test_the_bot_is_a_bot_user(client: WebClient) -> None:
    assert client.users_info(user="UBOT")["user"]["is_bot"] is True
    assert client.users_info(user="U1")["user"]["is_bot"] is False


def test_usergroup_update_replaces_the_members_strictly(client: WebClient, fake: FakeSlack, slack_error) -> None:
    fake.add_usergroup("S0ONCALL", ["U1"])
    answer = client.usergroups_users_update(usergroup="S0ONCALL", users="U2,U1")
    assert answer["usergroup"]["users"] == ["U2", "U1"] and fake.usergroup("S0ONCALL") == ["U2", "U1"]
    assert client.usergroups_users_list(usergroup="S0ONCALL")["users"] == ["U2", "U1"]
    assert slack_error(client.usergroups_users_update, usergroup="S0NONE", users="U1") == "no_such_subteam"
    assert slack_error(client.usergroups_users_update, usergroup="S0ONCALL", users="") == "no_users_provided"
    assert slack_error(client.usergroups_users_update, usergroup="S0ONCALL", users="U1,U404") == "invalid_users"
    fake.deactivate_user("U2")
    assert slack_error(client.usergroups_users_update, usergroup="S0ONCALL", users="U2") == "invalid_users"
    assert fake.usergroup("S0ONCALL") == ["U2", "U1"], "a refused update changes nothing"
    fake.inject("usergroups.users.update", error="paid_only")
    assert slack_error(client.usergroups_users_update, usergroup="S0ONCALL", users="U1") == "paid_only"
