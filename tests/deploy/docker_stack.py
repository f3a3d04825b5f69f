"""docker-compose.yml started with the Docker SDK container by container, as Compose would:
images built or pulled, one network and the named volumes of a project of its own, each
container created once what it depends on is healthy, started or completed."""
from __future__ import annotations

import secrets
import uuid

from tests.deploy.compose import REPO_ROOT, dependencies, resolved_compose, start_order
from tests.deploy.conftest import SECRETS, example_env
from tests.deploy.container_specs import named_volumes, stack_specs
from tests.support.polling import wait_for

START_TIMEOUT = 300  # per container; the image build and pulls come before it


class Stack:
    """docker-compose.yml started container by container, as Compose would, under one project."""

    def __init__(self, client, start_timeout: float = START_TIMEOUT):
        run = uuid.uuid4().hex[:8]
        self.start_timeout = start_timeout
        self.client, self.project, self.image = client, f"heard-e2e-{run}", f"heard:e2e-{run}"
        self.secrets = {name: secrets.token_hex(24) for name in SECRETS}
        self.compose = resolved_compose(example_env(**self.secrets))
        self.mailpit_login = ("heard", self.secrets["HEARD_MAILPIT_UI_PASSWORD"])
        self.specs = stack_specs(self.compose, project=self.project, app_image=self.image)
        self.containers: dict = {}
        self.labels = {"heard.e2e.project": self.project}

    def start(self) -> None:
        self.client.images.build(path=str(REPO_ROOT), target="runtime", tag=self.image,
                                 rm=True, forcerm=True)
        self.client.networks.create(f"{self.project}_default", driver="bridge", labels=self.labels)
        for volume in named_volumes(self.compose, self.project):
            self.client.volumes.create(volume, labels=self.labels)
        services = self.compose["services"]
        for name in start_order(services):
            for dependency, condition in dependencies(services[name]).items():
                self.wait(dependency, condition)
            self.pull_if_missing(self.specs[name]["image"])
            self.containers[name] = self.client.containers.create(**self.specs[name])
            self.containers[name].start()
        for name, service in services.items():
            if "healthcheck" in service:
                self.wait(name, "service_healthy")

    def pull_if_missing(self, image: str) -> None:
        from docker.errors import ImageNotFound

        try:
            self.client.images.get(image)
        except ImageNotFound:
            self.client.images.pull(image)

    def wait(self, name: str, condition: str) -> None:
        container = self.containers[name]

        def state():
            container.reload()
            status, health = container.status, container.attrs["State"].get("Health", {})
            if condition == "service_completed_successfully" and status == "exited":
                code = container.attrs["State"]["ExitCode"]
                assert code == 0, f"{name} exited with {code}:\n{self.logs(name)}"
                return True
            assert status != "exited", f"{name} stopped:\n{self.logs(name)}"
            if condition == "service_healthy":
                return health.get("Status") == "healthy"
            return condition == "service_started" and status == "running"

        wait_for(state, timeout=self.start_timeout, interval=1.0, message=f"{name}: {condition}")

    def logs(self, name: str) -> str:
        return self.containers[name].logs(tail=60).decode(errors="replace")

    def url(self, name: str, port: int) -> str:
        self.containers[name].reload()
        host_port = self.containers[name].ports[f"{port}/tcp"][0]["HostPort"]
        return f"http://127.0.0.1:{host_port}"

    def run(self, name: str, command: list[str]) -> str:
        result = self.containers[name].exec_run(command)
        assert result.exit_code == 0, result.output.decode(errors="replace")
        return result.output.decode().strip()

    def remove(self) -> None:
        """Everything of this project, whatever stage start() reached."""
        from docker.errors import ImageNotFound

        mine = {"label": f"heard.e2e.project={self.project}"}
        for container in self.client.containers.list(all=True, filters=mine):
            container.remove(force=True, v=True)
        for network in self.client.networks.list(filters=mine):
            network.remove()
        for volume in self.client.volumes.list(filters=mine):
            volume.remove(force=True)
        try:
            self.client.images.remove(self.image, force=True)
        except ImageNotFound:
            pass
