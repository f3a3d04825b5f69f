"""`heard`: operator commands. `heard --help` lists them."""
from __future__ import annotations

import argparse
import os
import sys

from services.common.cli import catalogue
from services.common.cli.keys import add_key_commands, run_keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="heard", description="Heard operator commands")
    commands = parser.add_subparsers(dest="command", required=True)

    db = commands.add_parser("db", help="database migrations").add_subparsers(dest="action", required=True)
    upgrade = db.add_parser("upgrade", help="apply migrations")
    upgrade.add_argument("--service", choices=(*catalogue.SERVICES, "all"), default="all")
    rev = db.add_parser("revision", help="autogenerate a migration from the tables")
    rev.add_argument("--service", choices=catalogue.SERVICES, required=True)
    rev.add_argument("-m", "--message", required=True)

    add_key_commands(commands)

    topics = commands.add_parser("topics", help="Kafka topics").add_subparsers(dest="action", required=True)
    topics.add_parser("create", help="create every topic Heard uses, with its settings")

    broker = commands.add_parser("broker", help="the local Kafka broker").add_subparsers(dest="action", required=True)
    broker.add_parser("fetch", help="fetch the pinned Kafka jars from Maven Central (once)")
    acls = broker.add_parser("acls", help="print (or --apply) each service's Kafka ACLs: it writes "
                                          "only its own topics and reads only what it consumes")
    acls.add_argument("--apply", action="store_true",
                      help="create them on the broker, signed in with the KAFKA_* settings (admin)")
    acls.add_argument("--user-prefix", default="heard-",
                      help="each service's SASL user is this prefix and its name (heard-intake)")
    secure = broker.add_parser("secure", help="as the admin (KAFKA_* settings): create each service's "
                                              "SCRAM user from HEARD_KAFKA_<SERVICE>_PASSWORD, then "
                                              "apply the ACLs (the compose kafka-access job)")
    secure.add_argument("--user-prefix", default="heard-", help="as for acls")

    dlq = commands.add_parser("dlq", help="dead-letter topics").add_subparsers(dest="action", required=True)
    replay = dlq.add_parser("replay", help="send what sits in TOPIC.dlq back to TOPIC (once)")
    replay.add_argument("topic", help="the original topic, e.g. intake.input-submitted.v1")

    mail = commands.add_parser("mail", help="outcome emails that may have been delivered").add_subparsers(
        dest="action", required=True)
    mail.add_parser("uncertain", help="list the notifications recorded as 'may have been delivered'")
    for action, what in (("resend", "it did not arrive (see the mail server's log): send it again, once"),
                         ("close", "it did arrive: record it as sent")):
        settle = mail.add_parser(action, help=what)
        settle.add_argument("notification_ids", nargs="+", metavar="NOTIFICATION_ID")

    commands.add_parser("run", help="run the whole stack on this machine (what `make run` does)")
    commands.add_parser("demo", help="fill a running `heard run` stack with a fictional data set, "
                                     "through the APIs (what `make demo` does)")

    args = parser.parse_args(argv)
    handler = {"db": _db, "keys": run_keys, "topics": _topics, "broker": _broker, "dlq": _dlq,
               "mail": _mail, "run": _run, "demo": _demo}[args.command]
    return handler(args)


def _db(args) -> int:
    from services.common.db import migrations

    services = catalogue.SERVICES if getattr(args, "service", "all") == "all" else (args.service,)
    for service in services:
        url = catalogue.load_settings(service).database_url
        if args.action == "upgrade":
            print(f"migrating {service} database ...", flush=True)
            migrations.upgrade(catalogue.migrations_dir(service), url)
        else:
            migrations.revision(catalogue.migrations_dir(service), url, args.message)
    return 0


def _topics(args) -> int:
    from services.common.messaging.kafka_clients import ensure_topics

    settings = catalogue.load_settings("intake")
    created = ensure_topics(settings.kafka, settings.kafka_replication_factor)
    print(f"created {len(created)} topics" + (": " + ", ".join(created) if created else ""))
    return 0


def _broker(args) -> int:
    if args.action == "acls":
        return _acls(args)
    if args.action == "secure":
        return _secure(args)
    from services.common.devstack.kafka_broker import KafkaBroker
    from services.common.settings import var_dir

    libs = KafkaBroker(var_dir(os.environ) / "kafka" / "broker").ensure_jars()
    print(f"Kafka jars ready in {libs}")
    return 0


def _acl_plan(user_prefix: str) -> list:
    from services.common.messaging.acls import grants

    return [grant for service in catalogue.SERVICES
            for grant in grants(service, f"{user_prefix}{service}",
                                catalogue.load_settings(service).consumer_group)]


def _secure(args) -> int:
    from services.common.messaging.acls import apply_grants, ensure_users
    from services.common.messaging.kafka_clients import make_admin

    passwords = {}
    for service, name in (("intake", "HEARD_KAFKA_INTAKE_PASSWORD"), ("decisions", "HEARD_KAFKA_DECISIONS_PASSWORD"),
                          ("notify", "HEARD_KAFKA_NOTIFY_PASSWORD")):
        if not os.environ.get(name):
            print(f"{name} must be set: the SCRAM password of {args.user_prefix}{service}", file=sys.stderr)
            return 2
        passwords[f"{args.user_prefix}{service}"] = os.environ[name]
    plan = _acl_plan(args.user_prefix)
    admin = make_admin(catalogue.load_settings("intake").kafka)
    try:
        ensure_users(admin, passwords)
        apply_grants(admin, plan)
    finally:
        admin.close()
    print(f"SCRAM users {', '.join(sorted(passwords))} ready; applied {len(plan)} ACLs")
    return 0


def _acls(args) -> int:
    from services.common.messaging.acls import apply_grants
    from services.common.messaging.kafka_clients import make_admin

    plan = _acl_plan(args.user_prefix)
    for grant in plan:
        print(f"ALLOW {grant.principal} {grant.operation} {grant.resource_type} {grant.name}")
    if args.apply:
        admin = make_admin(catalogue.load_settings("intake").kafka)
        try:
            apply_grants(admin, plan)
        finally:
            admin.close()
        print(f"applied {len(plan)} ACLs", file=sys.stderr)
    return 0


def _dlq(args) -> int:
    from services.common.contracts.registry import contract_for_topic
    from services.common.messaging.dlq_replay import replay_dead_letters

    if contract_for_topic(args.topic) is None:
        print(f"unknown topic {args.topic}", file=sys.stderr)
        return 2
    broker = catalogue.load_settings("intake").kafka  # the admin's KAFKA_* settings
    print(f"replayed {replay_dead_letters(broker, args.topic)} records to {args.topic}")
    return 0


def _mail(args) -> int:
    from services.common.db.types import utcnow
    from services.common.errors import Conflict
    from services.notify.service_layer import uncertain

    runtime = catalogue.bootstrap("notify")
    if args.action == "uncertain":
        with runtime.uow_factory() as uow:
            for notification_id in uncertain.uncertain_notifications(uow):
                print(notification_id)
        return 0
    settle = uncertain.resend_uncertain if args.action == "resend" else uncertain.close_uncertain
    refused = 0
    for notification_id in args.notification_ids:
        try:
            with runtime.uow_factory() as uow:
                settle(uow, notification_id, utcnow())
            print(f"{args.action}: {notification_id}")
        except Conflict as exc:
            refused += 1
            print(exc.message, file=sys.stderr)
    return 1 if refused else 0


def _run(args) -> int:
    from services.common.devstack.local_stack import run_local_stack

    return run_local_stack()


def _demo(args) -> int:
    from services.common.cli.demo import run_demo

    return run_demo()


if __name__ == "__main__":
    sys.exit(main())
