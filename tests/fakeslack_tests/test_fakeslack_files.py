"""Files v2 upload flow."""

from __future__ import annotations

import urllib.request

from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


def test_files_upload_v2_end_to_end(client: WebClient, fake: FakeSlack) -> None:
    cid = client.conversations_create(name="inc-files")["channel"]["id"]
    root = client.chat_postMessage(channel=cid, text="timeline below")["ts"]
    response = client.files_upload_v2(
        channel=cid,
        content="# Timeline\n",
        filename="timeline.md",
        title="Timeline",
        initial_comment="Here you go",
        thread_ts=root,
    )
    file_id = response["file"]["id"]
    assert fake.files == [
        {"id": file_id, "filename": "timeline.md", "title": "Timeline", "content": b"# Timeline\n", "channels": [cid]}
    ]
    shared = fake.messages(cid)[-1]
    assert shared["text"] == "Here you go" and shared["thread_ts"] == root
    assert [f["id"] for f in shared["files"]] == [file_id]
    assert client.files_info(file=file_id)["file"]["title"] == "Timeline"


def test_upload_needs_membership(client: WebClient, fake: FakeSlack, slack_error) -> None:
    other = fake.add_channel("ops", members=["U1"])
    assert slack_error(client.files_upload_v2, channel=other, content="x", filename="x.txt") == "not_in_channel"
    assert fake.files == [] and fake.messages(other) == []


def test_complete_checks(client: WebClient, fake: FakeSlack, slack_error) -> None:
    assert slack_error(client.files_completeUploadExternal, files=[{"id": "F404"}]) == "file_not_found"
    pending = client.files_getUploadURLExternal(filename="a.txt", length=3)
    assert pending["upload_url"] == f"{fake.base_url}/upload/{pending['file_id']}"
    assert slack_error(client.files_completeUploadExternal, files=[{"id": pending["file_id"]}]) == "invalid_arguments"


def test_upload_endpoint_accepts_multipart(client: WebClient, fake: FakeSlack) -> None:
    pending = client.files_getUploadURLExternal(filename="a.bin", length=3)
    boundary = "XyZ"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    body = head.encode() + b"\x00\x01\x02" + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        pending["upload_url"],
        data=body,
        method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
    client.files_completeUploadExternal(files=[{"id": pending["file_id"], "title": "bin"}])
    assert fake.files[0]["content"] == b"\x00\x01\x02" and fake.files[0]["channels"] == []


def test_legacy_files_upload_is_deprecated(client: WebClient, slack_error) -> None:
    assert slack_error(client.api_call, api_method="files.upload", data={"content": "x"}) == "method_deprecated"


def test_files_info_says_where_a_file_is_shared(client: WebClient, fake: FakeSlack, slack_error) -> None:
    private = client.conversations_create(name="inc-private", is_private=True)["channel"]["id"]
    file_id = client.files_upload_v2(channel=private, content="x", filename="x.md")["file"]["id"]

    found = client.files_info(file=file_id)["file"]
    share_ts = fake.messages(private)[-1]["ts"]
    assert found["shares"] == {"private": {private: [{"ts": share_ts, "channel_name": "inc-private"}]}}
    assert (found["channels"], found["groups"], found["ims"]) == ([], [private], [])
    assert slack_error(client.files_completeUploadExternal, files=[{"id": file_id}]) == "file_not_found"
