"""Random sequences of editing, as several editors might do it in a day: edit, delete, restore,
revert, import and seed, through the admin as a browser would. After every step, nothing an
editor saved is missing from history and no public page answers with a server error.

Runs on whichever database DATABASE_URL names (SQLite by default). Each sequence runs inside a
savepoint rolled back at its end, so every sequence starts from the seeded directory. The
counts of sequences, requests and server errors are printed at the end (run with -s to see).
"""

import itertools
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from directory.seeding import seed
from organizations.models import Organization
from programs.models import Program
from tests.admin_forms import change_form_data
from tests.editors import make_admin
from tests.site_pages import fill, public_routes

pytestmark = pytest.mark.django_db

# Placeholder words only: the directory's facts come from its sources, not from a test.
WORDS = ["example", "placeholder", "text", "changed", "by", "an", "editor", "for", "testing"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
# The pages whose content every edit can change, asked after each step; every public page is
# asked at the end of each sequence.
PAGES_EACH_STEP = ["/programs/?q=example", "/feeds/programs/", "/api/hsds/services"]
SEEN = Counter()
_numbers = itertools.count(1)


def admin_url(model, action, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


class Editing(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        SEEN["sequences"] += 1
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.client = Client()
        self.client.force_login(make_admin(f"admin-{next(_numbers)}"))
        self.public = Client()
        # (model, pk, field, value): what an editor saved, to be found in history for good.
        self.saved = []
        self.deleted = {Program: set(), Organization: set()}

    def teardown(self):
        try:
            for path in PUBLIC_PAGES:
                self.ask(self.public, path)
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    def ask(self, client, path, method="get", data=None, **kwargs):
        response = getattr(client, method)(path, data, **kwargs)
        SEEN["requests"] += 1
        if response.status_code >= 500:
            SEEN["5xx"] += 1
        assert response.status_code < 500, (method, path, response.status_code)
        return response

    def records(self, model):
        return list(model.objects.order_by("pk"))

    @rule(data=st.data(), field=st.sampled_from(["summary", "description"]), text=texts)
    def edit_program(self, data, field, text):
        programs = self.records(Program)
        if not programs:
            return
        program = data.draw(st.sampled_from(programs))
        url = admin_url(Program, "change", program.pk)
        form = change_form_data(self.ask(self.client, url))
        form[field] = text
        response = self.ask(self.client, url, "post", form)
        assert response.status_code == 302, response.context["adminform"].form.errors
        self.saved.append((Program, program.pk, field, text))

    @rule(data=st.data(), text=texts)
    def edit_organization(self, data, text):
        organization = data.draw(st.sampled_from(self.records(Organization)))
        url = admin_url(Organization, "change", organization.pk)
        form = change_form_data(self.ask(self.client, url))
        form["mission"] = text
        assert self.ask(self.client, url, "post", form).status_code == 302
        self.saved.append((Organization, organization.pk, "mission", text))

    @rule(data=st.data(), model=st.sampled_from([Program, Organization]))
    def delete(self, data, model):
        records = self.records(model)
        if not records:
            return
        record = data.draw(st.sampled_from(records))
        url = admin_url(model, "delete", record.pk)
        assert self.ask(self.client, url, "post", {"post": "yes"}).status_code == 302
        self.deleted[model].add(record.pk)

    @precondition(lambda self: any(self.deleted.values()))
    @rule(data=st.data())
    def restore(self, data):
        model = data.draw(st.sampled_from([m for m, pks in self.deleted.items() if pks]))
        pk = data.draw(st.sampled_from(sorted(self.deleted[model])))
        page = self.ask(self.client, admin_url(model, "deleted"))
        versions = [b for _, b in page.context["deleted"] if b.instance.pk == pk]
        if not versions:
            return
        response = self.ask(
            self.client, admin_url(model, "simple_history", pk, versions[0].history_id), "post"
        )
        assert response.status_code in (302, 400)  # 400: its slug was taken since
        if response.status_code == 302:
            self.deleted[model].discard(pk)

    @rule(data=st.data())
    def revert(self, data):
        programs = self.records(Program)
        if not programs:
            return
        program = data.draw(st.sampled_from(programs))
        version = data.draw(st.sampled_from(list(program.history.all()[:5])))
        if version.history_type == "-":
            return
        url = admin_url(Program, "simple_history", program.pk, version.history_id)
        self.ask(self.client, url)
        assert self.ask(self.client, url, "post").status_code in (302, 400)

    @rule(text=texts, existing=st.booleans())
    def import_programs(self, text, existing):
        programs = self.records(Program)
        slug = programs[0].slug if existing and programs else f"imported-{next(_numbers)}"
        csv = (
            "slug,name,summary,description,audiences,support_types,status\n"
            f'{slug},Imported program,"{text}",A placeholder description.,staff,'
            "peer-support,published\n"
        )
        upload = SimpleUploadedFile("programs.csv", csv.encode(), content_type="text/csv")
        preview = self.ask(
            self.client,
            admin_url(Program, "import"),
            "post",
            {"resource": "0", "format": "0", "import_file": upload},
        )
        confirm = preview.context.get("confirm_form") if preview.context else None
        if confirm is None:
            return  # the row was refused (its slug belongs to a deleted program, say)
        done = self.ask(self.client, admin_url(Program, "process_import"), "post", confirm.initial)
        assert done.status_code == 302
        pk = Program.objects.get(slug=slug).pk
        self.saved.append((Program, pk, "summary", text))

    @rule()
    def reseed(self):
        seed()

    @invariant()
    def nothing_saved_is_missing_from_history(self):
        for model, pk, field, value in self.saved:
            history = model.history.filter(**{model._meta.pk.attname: pk, field: value})
            assert history.exists(), (model.__name__, pk, field, value)

    @invariant()
    def public_pages_answer(self):
        for path in PAGES_EACH_STEP:
            self.ask(self.public, path)
        for program in Program.objects.published()[:1]:
            self.ask(self.public, program.get_absolute_url())


PUBLIC_PAGES = []


def test_editing_in_any_order_loses_nothing_and_breaks_no_page(seeded):
    client = Client()
    PUBLIC_PAGES[:] = [fill(route, client) for route in public_routes()]
    run_state_machine_as_test(
        Editing,
        settings=settings(
            max_examples=15,
            stateful_step_count=10,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(
        f"\nediting state machine: {SEEN['sequences']} sequences, {SEEN['requests']} requests,"
        f" {SEEN['5xx']} server errors"
    )
    assert SEEN["5xx"] == 0
