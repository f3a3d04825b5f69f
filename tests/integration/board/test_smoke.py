def test_smoke(workspace):
    workspace.add_input("The night bus never comes")
    client, token = workspace.signed_in()
    for path in ("/board/", "/board/queue", "/board/decisions", "/board/decisions/new"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.get_data(as_text=True)[-3000:])
