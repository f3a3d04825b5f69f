"""A stand-in for the parts of docker.DockerClient that tests/deploy/docker_stack.py uses, so
its start-up logic runs without an engine. Containers change state when they are looked at
(reload): a one-shot job has exited, a service with a health check is healthy."""
from __future__ import annotations

from types import SimpleNamespace

from docker.errors import ImageNotFound


class FakeContainer:
    def __init__(self, engine: "FakeEngine", spec: dict):
        self.engine, self.spec = engine, spec
        self.name = spec["labels"]["heard.e2e.service"]
        self.status = "created"
        self.attrs: dict = {"State": {}}
        self.ports: dict = {}

    def start(self) -> None:
        self.status = "running"

    def reload(self) -> None:
        state = self.attrs["State"]
        if self.status == "running" and "restart_policy" not in self.spec:
            self.status, state["ExitCode"] = "exited", self.engine.exit_codes.get(self.name, 0)
        if self.status == "running" and "healthcheck" in self.spec:
            state["Health"] = {"Status": "healthy"}
        self.ports = {port: [{"HostIp": "127.0.0.1", "HostPort": str(49000 + number)}]
                      for number, port in enumerate(self.spec.get("ports", {}))}
        self.engine.events.append(("seen", self.name, state.get("Health", {}).get("Status", self.status)))

    def logs(self, tail: int) -> bytes:
        return b"the last lines of its log"

    def exec_run(self, command: list[str]):
        return SimpleNamespace(exit_code=0, output=b"warning: something\nsecret-key\n")

    def remove(self, force: bool, v: bool) -> None:
        self.engine.removed.append(self.name)


class FakeEngine:
    def __init__(self, local_images: frozenset[str] | set[str] = frozenset(), exit_codes: dict[str, int] | None = None):
        self.local = set(local_images)
        self.exit_codes = exit_codes or {}
        self.events: list[tuple] = []
        self.removed: list[str] = []
        self.created: list[FakeContainer] = []
        self.images = SimpleNamespace(build=self._build, get=self._get_image, pull=self._pull,
                                      remove=self._remove_image)
        self.containers = SimpleNamespace(create=self._create, list=self._list_containers)
        self.networks = SimpleNamespace(create=self._labelled("network"), list=self._list("network"))
        self.volumes = SimpleNamespace(create=self._labelled("volume"), list=self._list("volume"))
        self.labelled: list[tuple[str, str, dict]] = []

    def _build(self, *, tag: str, **_options) -> None:
        self.events.append(("build", tag))
        self.local.add(tag)

    def _get_image(self, image: str) -> None:
        if image not in self.local:
            raise ImageNotFound(image)

    def _pull(self, image: str) -> None:
        self.events.append(("pull", image))
        self.local.add(image)

    def _remove_image(self, image: str, force: bool) -> None:
        self.local.discard(image)
        self.removed.append(image)

    def _create(self, **spec) -> FakeContainer:
        assert spec["image"] in self.local, f"{spec['image']} neither built nor pulled"
        container = FakeContainer(self, spec)
        self.events.append(("create", container.name))
        self.created.append(container)
        return container

    def _list_containers(self, all: bool, filters: dict) -> list[FakeContainer]:  # noqa: A002 - docker-py's keyword
        return [c for c in self.created if _matches(c.spec["labels"], filters)]

    def _labelled(self, kind: str):
        def create(name: str, labels: dict, **_options):
            self.labelled.append((kind, name, labels))
            return SimpleNamespace(remove=lambda **_: self.removed.append(name))
        return create

    def _list(self, kind: str):
        def listed(filters: dict):
            return [SimpleNamespace(remove=lambda name=name, **_: self.removed.append(name))
                    for k, name, labels in self.labelled if k == kind and _matches(labels, filters)]
        return listed


def _matches(labels: dict, filters: dict) -> bool:
    key, _, value = filters["label"].partition("=")
    return labels.get(key) == value
