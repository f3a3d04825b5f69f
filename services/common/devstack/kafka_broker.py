"""A single-node Kafka broker (KRaft, combined broker + controller) for development and tests.

The broker runs straight from the jars that deploy/kafka/pom.xml pins; they are fetched from
Maven Central once and cached under var/kafka/libs/<kafka version>-<pom digest>/ (a changed pom
gets a new directory, so a broker still running from the old jars is not pulled from under).
Needs Java 17+ (and Maven for the first fetch). Run it by hand with:

    python -m services.common.devstack.kafka_broker --home var/kafka
"""

from __future__ import annotations

import argparse
import atexit
import base64
import fcntl
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Iterator

from kafka import KafkaAdminClient
from kafka.errors import KafkaError
from kafka.net import KafkaNetClient

from services.common.devstack import free_port, free_ports
from services.common.messaging.broker_security import ADMIN_MECHANISM, sasl_broker_properties
from services.common.messaging.connection import KafkaConnection

__all__ = ["BrokerError", "KafkaBroker", "free_port", "free_ports", "main"]

REPO_ROOT = Path(__file__).resolve().parents[3]
POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"
LOG4J2_CONFIG = REPO_ROOT / "deploy" / "kafka" / "log4j2.xml"
DEFAULT_LIBS_ROOT = REPO_ROOT / "var" / "kafka" / "libs"
HOST = "127.0.0.1"
MIN_JAVA = 17
JAVA_INSTALL_HINT = "apt-get install -y openjdk-17-jre-headless"
MAVEN_INSTALL_HINT = "apt-get install -y maven"


class BrokerError(RuntimeError):
    """The broker could not be fetched, started or reached."""


class KafkaBroker:
    """One broker process whose data and log live in ``home``; ``home`` survives restarts."""

    def __init__(self, home: Path, port: int = 9092, controller_port: int = 9093, *,
                 libs_root: Path | None = None, pom: Path = POM,
                 sasl_admin: tuple[str, str] | None = None) -> None:
        self.home = Path(home).absolute()  # the JVM runs with home as its working directory
        self.port = port
        self.controller_port = controller_port
        self.libs_root = Path(libs_root) if libs_root else DEFAULT_LIBS_ROOT
        self.pom = Path(pom)
        self._process: subprocess.Popen[bytes] | None = None
        # (user, password): a SASL listener with ACLs enforced, this user its super user (PLAIN;
        # the services sign in with SCRAM users it creates)
        self.sasl_admin = sasl_admin

    @property
    def bootstrap_servers(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def admin_connection(self) -> KafkaConnection:
        """How the broker's super user connects (PLAINTEXT when the broker has no SASL)."""
        if self.sasl_admin is None:
            return KafkaConnection(self.bootstrap_servers)
        user, password = self.sasl_admin
        return KafkaConnection(self.bootstrap_servers, "SASL_PLAINTEXT", ADMIN_MECHANISM, user, password)

    @property
    def log_path(self) -> Path:
        return self.home / "broker.log"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @cached_property
    def version(self) -> str:
        """The Kafka version pinned in the pom (its ``kafka.version`` property)."""
        ns = {"m": "http://maven.apache.org/POM/4.0.0"}
        node = ElementTree.parse(self.pom).find("m:properties/m:kafka.version", ns)
        if node is None or not (node.text or "").strip():
            raise BrokerError(f"{self.pom} has no <kafka.version> property")
        return node.text.strip()

    @property
    def libs_dir(self) -> Path:
        return self.libs_root / f"{self.version}-{self._pom_digest()[:12]}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def exit_code(self) -> int | None:
        """None while the broker runs (or was never started), else the process exit code."""
        return None if self._process is None else self._process.poll()

    def ensure_jars(self) -> Path:
        """Fetch the pinned jars into the cache unless this exact pom was fetched before."""
        _require_java()
        libs, pom_digest = self.libs_dir, self._pom_digest()
        marker = libs / ".complete"
        if _read(marker) == pom_digest:
            return libs
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError(f"Maven is needed once to fetch the Kafka jars but `mvn` is not on "
                              f"PATH. Install it with: {MAVEN_INSTALL_HINT}")
        self.libs_root.mkdir(parents=True, exist_ok=True)
        with _exclusive_lock(self.libs_root / f".{self.version}.lock"):
            if _read(marker) == pom_digest:  # another process fetched while we waited
                return libs
            print(f"fetching Kafka {self.version} jars from Maven Central (first run only)...",
                  flush=True)
            started = time.monotonic()
            # Copy into a staging dir and rename, so an interrupted fetch never looks complete.
            staging = Path(tempfile.mkdtemp(prefix=f".{self.version}-", dir=self.libs_root))
            try:
                result = subprocess.run(
                    [mvn, "-B", "-q", "-f", str(self.pom), "dependency:copy-dependencies",
                     f"-DoutputDirectory={staging}"],
                    capture_output=True, text=True)
                if result.returncode != 0:
                    raise BrokerError(f"Maven could not fetch the Kafka jars (exit "
                                      f"{result.returncode}):\n{_tail(result.stdout + result.stderr)}")
                (staging / ".complete").write_text(pom_digest)
                shutil.rmtree(libs, ignore_errors=True)  # only ever an incomplete leftover
                staging.rename(libs)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            jars = len(list(libs.glob("*.jar")))
            print(f"Kafka {self.version} jars ready in {libs} ({jars} jars, "
                  f"{time.monotonic() - started:.0f}s)", flush=True)
        return libs

    def start(self) -> None:
        """Write the config, format storage on first use and launch the broker process."""
        if self.running:
            raise BrokerError(f"broker in {self.home} is already running")
        if self.port == self.controller_port:
            raise BrokerError(f"port and controller_port must differ (both {self.port})")
        for port in (self.port, self.controller_port):
            if not _port_is_free(port):
                raise BrokerError(f"port {port} on {HOST} is already in use; pass other ports "
                                  f"(free_ports(2) finds two)")
        java = _require_java()
        classpath = str(self.ensure_jars() / "*")  # java expands the wildcard itself
        self.home.mkdir(parents=True, exist_ok=True)
        config = self.home / "server.properties"
        config.write_text(self._server_properties())
        if not (self.data_dir / "meta.properties").exists():
            self._format_storage(java, classpath, config)
        print(f"starting Kafka {self.version} on {self.bootstrap_servers} "
              f"(log: {self.log_path})", flush=True)
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [java, "-Xms256m", "-Xmx512m", *_jvm_flags(), "-cp", classpath, "kafka.Kafka",
                 str(config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=self.home,
                # Own session: a Ctrl-C in the terminal reaches us, and we stop the broker cleanly.
                start_new_session=True)
        # ...which also means nobody else stops it if our caller forgets or crashes.
        atexit.register(self.stop)

    def wait_ready(self, timeout: float = 90) -> None:
        """Block until the broker answers a DescribeCluster request listing a live broker."""
        deadline = time.monotonic() + timeout
        while True:
            self._raise_if_exited()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrokerError(f"Kafka broker did not answer on {self.bootstrap_servers} "
                                  f"within {timeout:.0f}s; end of {self.log_path}:\n"
                                  f"{self.log_tail()}")
            if _accepts_tcp(self.port) and self._answers_admin(min(5.0, remaining)):
                return
            time.sleep(0.2)  # poll interval, bounded by the deadline above

    def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM (a controlled shutdown), then SIGKILL after ``timeout``; returns the exit code."""
        process, self._process = self._process, None
        if process is None:
            return None
        atexit.unregister(self.stop)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash would: no controlled shutdown. The data dir stays; start() again
        on the same ports recovers it (fault tests and supervision use this)."""
        process, self._process = self._process, None
        if process is None:
            return
        atexit.unregister(self.stop)
        process.kill()
        process.wait()

    def wait_exit(self, timeout: float | None = None) -> int | None:
        """Wait for the broker process to end; None if it is still running after ``timeout``."""
        if self._process is None:
            return None
        try:
            return self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def log_tail(self, lines: int = 40) -> str:
        try:
            with open(self.log_path, "rb") as log:
                log.seek(max(0, log.seek(0, os.SEEK_END) - 64_000))
                return _tail(log.read().decode("utf-8", "replace"), lines)
        except FileNotFoundError:
            return "(no log yet)"

    def __enter__(self) -> KafkaBroker:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _pom_digest(self) -> str:
        return hashlib.sha256(self.pom.read_bytes()).hexdigest()

    def _server_properties(self) -> str:
        plaintext, controller = f"{HOST}:{self.port}", f"{HOST}:{self.controller_port}"
        name = "PLAINTEXT" if self.sasl_admin is None else "SASL_PLAINTEXT"
        return "\n".join([
            "# Written by services/common/devstack/kafka_broker.py on every start.",
            "process.roles=broker,controller",
            "node.id=1",
            f"controller.quorum.bootstrap.servers={controller}",
            f"listeners={name}://{plaintext},CONTROLLER://{controller}",
            f"advertised.listeners={name}://{plaintext},CONTROLLER://{controller}",
            f"listener.security.protocol.map={name}:{name},CONTROLLER:PLAINTEXT",
            "controller.listener.names=CONTROLLER",
            f"inter.broker.listener.name={name}",
            *self._sasl_properties(),
            f"log.dirs={self.data_dir.resolve()}",
            "num.partitions=1",
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            # One partition instead of 50 makes the first consumer-group join much faster.
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "",
        ])

    def _sasl_properties(self) -> list[str]:
        """The compose broker's SASL and ACL settings (messaging.broker_security), on the client
        listener; the in-process controller listener stays PLAINTEXT on loopback."""
        if self.sasl_admin is None:
            return []
        user, password = self.sasl_admin
        return [f"{name}={value}" for name, value in
                sasl_broker_properties("SASL_PLAINTEXT", user, password).items()]

    def _format_storage(self, java: str, classpath: str, config: Path) -> None:
        cluster_id = self._cluster_id()
        print(f"formatting Kafka storage in {self.data_dir} (cluster id {cluster_id})", flush=True)
        result = subprocess.run(
            [java, "-Xmx256m", *_jvm_flags(), "-cp", classpath, "kafka.tools.StorageTool",
             "format", "--standalone", "--cluster-id", cluster_id, "--config", str(config)],
            capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise BrokerError(f"formatting Kafka storage failed (exit {result.returncode}):\n"
                              f"{_tail(result.stdout + result.stderr)}")

    def _cluster_id(self) -> str:
        """Kept in ``home`` so a restart reuses the formatted data."""
        path = self.home / "cluster.id"
        if (existing := _read(path)) is not None:
            return existing
        while True:  # Kafka's own Uuid.randomUuid() also rejects ids a CLI would read as a flag
            cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
            if not cluster_id.startswith("-"):
                break
        path.write_text(cluster_id + "\n")
        return cluster_id

    def _raise_if_exited(self) -> None:
        if self._process is None:
            raise BrokerError("broker was not started")
        if (code := self._process.poll()) is not None:
            raise BrokerError(f"Kafka broker exited with code {code}; end of {self.log_path}:\n"
                              f"{self.log_tail()}")

    def _answers_admin(self, timeout: float) -> bool:
        # Keep hold of the network client: if bootstrap fails inside KafkaAdminClient.__init__
        # nothing else would close it, and its IO thread would linger.
        net_clients: list[KafkaNetClient] = []

        def make_net_client(**configs: object) -> KafkaNetClient:
            net_clients.append(KafkaNetClient(**configs))
            return net_clients[-1]

        try:
            admin = KafkaAdminClient(**self.admin_connection.options(),
                                     client_id="heard-devstack-probe",
                                     bootstrap_timeout_ms=int(timeout * 1000),
                                     request_timeout_ms=int(timeout * 1000),
                                     kafka_client=make_net_client)
        except (KafkaError, OSError):
            for client in net_clients:
                client.close()
            return False
        try:
            brokers = admin.describe_cluster()["brokers"]
            return any(not broker.get("is_fenced", False) for broker in brokers)
        except (KafkaError, OSError):
            return False
        finally:
            admin.close()


def _jvm_flags() -> list[str]:
    flags = ["-Djava.awt.headless=true", "-XX:+ExitOnOutOfMemoryError"]
    if LOG4J2_CONFIG.exists():
        flags.append(f"-Dlog4j2.configurationFile={LOG4J2_CONFIG}")
    return flags


def _require_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise BrokerError(f"Java {MIN_JAVA}+ is needed to run the Kafka broker but `java` was not "
                          f"found. Install it with: {JAVA_INSTALL_HINT}")
    banner = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    major = int(match[1]) if match else 0
    if major == 1 and match:  # "1.8.0_392" style
        major = int(match[2] or 0)
    if major < MIN_JAVA:
        raise BrokerError(f"Kafka 4 needs Java {MIN_JAVA}+, found: {banner.strip().splitlines()[:1]}."
                          f" Install it with: {JAVA_INSTALL_HINT}")
    return java


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
        return True


def _accepts_tcp(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return None


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a single-node Kafka broker for development.")
    parser.add_argument("--home", type=Path, default=Path("var/kafka"),
                        help="data, config and broker.log live here (default: var/kafka)")
    parser.add_argument("--port", type=int, default=9092)
    parser.add_argument("--controller-port", type=int, default=9093)
    parser.add_argument("--libs-root", type=Path, default=None,
                        help=f"jar cache (default: {DEFAULT_LIBS_ROOT})")
    parser.add_argument("--timeout", type=float, default=90, help="seconds to wait for start-up")
    args = parser.parse_args(argv)

    broker = KafkaBroker(args.home, args.port, args.controller_port, libs_root=args.libs_root)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # treat like Ctrl-C
    try:
        broker.start()
        broker.wait_ready(args.timeout)
        print(f"Kafka ready on {broker.bootstrap_servers}", flush=True)
        code = broker.wait_exit()
        print(f"Kafka broker exited unexpectedly (code {code}); see {broker.log_path}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except BrokerError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        # A second signal must not abandon the broker half-stopped; stop() escalates to SIGKILL.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if broker.running:
            print("stopping Kafka...", flush=True)
            broker.stop()
            print("Kafka stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
