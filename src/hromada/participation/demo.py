"""Demo data: residents, e-petitions in several states, problem reports on the city's streets,
a participatory-budget cycle with projects and votes, comments on a current draft, and the
public pages in the "Жителям міста" section. Idempotent and quick (no password hashing:
demo residents have no usable password)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hromada.core.demo import picture_jpeg
from hromada.participation.budget import services as budget
from hromada.participation.budget.pages import BudgetPage
from hromada.participation.consultations import selectors as consultations_selectors
from hromada.participation.consultations import services as consultations
from hromada.participation.consultations.pages import ConsultationsPage
from hromada.participation.models import (
    PROBLEM_WORKFLOW,
    BudgetCategory,
    BudgetCycle,
    BudgetProject,
    BudgetVote,
    DocumentType,
    DraftComment,
    ParticipationSettings,
    Petition,
    PetitionStatus,
    ProblemCategory,
    ProblemReport,
    ProblemStatus,
    Resident,
    Signature,
)
from hromada.participation.petitions import services as petitions
from hromada.participation.petitions.pages import PetitionsPage
from hromada.participation.problems import services as problems
from hromada.participation.problems.pages import ProblemsPage

SECTION = "Жителям міста"
# The demo charter: a small threshold so the demo shows every state of a petition.
DEMO_THRESHOLD = 8
DEMO_COLLECTION_DAYS = 60

RESIDENTS = [
    ("Олена Коваленко", "Центр"),
    ("Іван Петренко", "Центр"),
    ("Марія Шевчук", "Пролетарськ"),
    ("Андрій Бондар", "Привілля"),
    ("Наталія Ткаченко", "Центр"),
    ("Сергій Кравченко", "Новодружеськ"),
    ("Оксана Мельник", "Центр"),
    ("Віктор Олійник", "Пролетарськ"),
    ("Тетяна Лисенко", "Привілля"),
    ("Дмитро Савченко", "Центр"),
    ("Ірина Руденко", "Новодружеськ"),
    ("Юрій Марченко", "Центр"),
]

CATEGORIES = [
    ("Дороги та тротуари", "Управління житлово-комунального господарства"),
    ("Вуличне освітлення", "КП «Лисичанськсвітло»"),
    ("Благоустрій і сміття", "КП «Благоустрій»"),
    ("Водопостачання", "КП «Лисичанськводоканал»"),
]

PROBLEMS = [
    (
        0,
        "вул. Грушевського, 7",
        "48.9046",
        "38.4372",
        "Глибока вибоїна на проїжджій частині біля зупинки.",
        ProblemStatus.SOLVED,
        9,
    ),
    (
        1,
        "просп. Перемоги, 115",
        "48.9102",
        "38.4251",
        "Не світять три ліхтарі поспіль уздовж тротуару.",
        ProblemStatus.IN_PROGRESS,
        0,
    ),
    (
        2,
        "вул. Сосюри, 12",
        "48.9155",
        "38.4416",
        "Переповнені контейнери на майданчику, не вивозять тиждень.",
        ProblemStatus.SOLVED,
        3,
    ),
    (
        0,
        "вул. Гетьманська, 30",
        "48.8991",
        "38.4480",
        "Зруйнований бордюр і яма на тротуарі.",
        ProblemStatus.ACCEPTED,
        0,
    ),
    (3, "квартал Щорса, 4", None, None, "Тече вода з люка вже третій день.", ProblemStatus.NEW, 0),
    (
        2,
        "вул. Штейгерська, 2",
        "48.9070",
        "38.4305",
        "Повалене дерево на дитячому майданчику.",
        ProblemStatus.FORWARDED,
        0,
    ),
]

PETITIONS = [
    ("Облаштувати пандуси біля всіх поліклінік міста", "answered"),
    ("Встановити світлофор на перехресті біля школи № 8", "consideration"),
    ("Створити велодоріжку вздовж проспекту Перемоги", "collecting"),
    ("Відкрити собачий майданчик у сквері Молодіжному", "archived"),
    ("Перейменувати вулицю на честь захисників міста", "moderation"),
]

PROJECTS = [
    ("Дитячий майданчик у кварталі Щорса", "Благоустрій", "Центр", "350000", 9),
    (
        "Сучасна зала для настільного тенісу в школі № 2",
        "Спорт і освіта",
        "Пролетарськ",
        "280000",
        7,
    ),
    ("Сквер із лавами та освітленням на вул. Сосюри", "Благоустрій", "Центр", "420000", 5),
    ("Оснащення бібліотеки комп'ютерами", "Спорт і освіта", "Привілля", "150000", 3),
    ("Фонтан на центральній площі", "Благоустрій", "Центр", "2500000", 0),
]


def load(*, stdout: TextIO) -> None:
    with transaction.atomic():
        settings_ = _settings()
        residents = _residents()
        petitions = _petitions(residents)
        problems = _problems(residents)
        projects = _budget(residents)
        comments = _comments(residents)
        pages = _pages()
    del settings_
    stdout.write(
        f"participation: {len(residents)} residents, {petitions} petitions, {problems} problem "
        f"reports, {projects} budget projects, {comments} comments; {pages} portal pages\n"
    )


def _settings() -> ParticipationSettings | None:
    from hromada.core.selectors import default_site

    site = default_site()
    if site is None:
        return None
    settings_ = ParticipationSettings.for_site(site)
    if not Petition.objects.exists():  # first load: the demo charter's rules
        settings_.petition_threshold = DEMO_THRESHOLD
        settings_.petition_collection_days = DEMO_COLLECTION_DAYS
        # The demo city's centre, where its problem-report map opens.
        settings_.map_latitude, settings_.map_longitude = Decimal("48.9047"), Decimal("38.4380")
        settings_.map_zoom = 13
        settings_.save()
    return settings_


def _residents() -> list[Resident]:
    user_model = get_user_model()
    moment = dt.datetime(2020, 1, 15, 10, 0, tzinfo=dt.UTC)
    residents = []
    for number, (name, district) in enumerate(RESIDENTS, start=1):
        username = f"demo-resident-{number}"
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"email": f"resident{number}@lysychansk.example"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        resident, _ = Resident.objects.get_or_create(
            user=user,
            defaults={
                "full_name": name,
                "district": district,
                "consent_at": moment,
                "email_confirmed_at": moment,
            },
        )
        residents.append(resident)
    staff = user_model.objects.filter(username="admin").first()
    for resident in residents[: len(residents) - 2]:
        if resident.verified_at is None:
            resident.verified_at = moment
            resident.verified_by = staff
            resident.verified_document = DocumentType.PASSPORT
            resident.save()
    return residents


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _petitions(residents: list[Resident]) -> int:
    admin = get_user_model().objects.filter(username="admin").first()
    start = dt.date(2020, 2, 3)
    for number, (title, state) in enumerate(PETITIONS):
        if Petition.objects.filter(title=title).exists():
            continue
        author = residents[number]
        filed = start + dt.timedelta(days=30 * number)
        petition = petitions.file_petition(
            resident=author, title=title, text=f"Просимо міську раду: {title.lower()}."
        )
        Petition.objects.filter(pk=petition.pk).update(created_at=_at(filed))
        if state == "moderation":
            continue
        published = filed + dt.timedelta(days=2)
        petition = petitions.moderate_petition(
            petition=petition, publish=True, reason="", user=admin, today=published
        )
        signers = {
            "answered": residents[1:9],
            "consideration": residents[1:10],
            "collecting": residents[2:6],
            "archived": residents[3:5],
        }[state]
        if state == "collecting":
            # Still collecting today: its period runs from the day the demo is loaded.
            published = timezone.localdate()
            Petition.objects.filter(pk=petition.pk).update(
                published_on=published,
                collection_ends_on=published + dt.timedelta(days=DEMO_COLLECTION_DAYS),
            )
        for offset, signer in enumerate(signers):
            if signer.pk == author.pk:
                continue
            day = published + dt.timedelta(days=1 + offset // 3)
            signature = petitions.sign_petition(petition=petition, resident=signer, today=day)
            Signature.objects.filter(pk=signature.pk).update(signed_at=_at(day))
        if state == "answered":
            petitions.answer_petition(
                petition=petition,
                answer="Управління охорони здоров'я облаштує пандуси до кінця року.",
                user=admin,
                today=published + dt.timedelta(days=15),
            )
        if state == "archived":
            petitions.archive_failed_petitions(today=published + dt.timedelta(days=90))
    return Petition.objects.count()


def _problems(residents: list[Resident]) -> int:
    if ProblemReport.objects.exists():
        return ProblemReport.objects.count()
    admin = get_user_model().objects.filter(username="admin").first()
    categories = [
        ProblemCategory.objects.get_or_create(name=name, defaults={"responsible": body})[0]
        for name, body in CATEGORIES
    ]
    for number, (category, address, lat, lon, text, status, days) in enumerate(PROBLEMS):
        point = problems.Point(Decimal(lat), Decimal(lon)) if lat and lon else None
        report = problems.report_problem(
            resident=residents[number],
            category=categories[category],
            description=text,
            address=address,
            point=point,
            # The demo journal is the seed's 2020 journal (838 entries), kept as it was.
            register=False,
        )
        path = {
            ProblemStatus.NEW: [],
            ProblemStatus.ACCEPTED: [ProblemStatus.ACCEPTED],
            ProblemStatus.IN_PROGRESS: [ProblemStatus.ACCEPTED, ProblemStatus.IN_PROGRESS],
            ProblemStatus.SOLVED: [ProblemStatus.ACCEPTED, ProblemStatus.SOLVED],
            ProblemStatus.FORWARDED: [ProblemStatus.FORWARDED],
        }[status]
        # The new one stays in the moderator's queue; the others were read and published.
        if status != ProblemStatus.NEW:
            problems.moderate_problem(report=report, publish=True, user=admin)
        for step in path:
            forwarded = step == ProblemStatus.FORWARDED
            problems.change_problem_status(
                report=report,
                status=step,
                user=admin,
                reason="Дерево на приватній території." if forwarded else "",
                forwarded_to="власнику ділянки, ТОВ «Лисичанськвугілля»" if forwarded else "",
            )
        reported = _at(dt.date(2020, 4, 6) + dt.timedelta(days=11 * number))
        ProblemReport.objects.filter(pk=report.pk).update(
            created_at=reported,
            solved_at=reported + dt.timedelta(days=days)
            if status == ProblemStatus.SOLVED
            else None,
            # The appeal's month counted from the demo's date of receipt, as it would have been.
            due_date=PROBLEM_WORKFLOW.due(ProblemStatus.NEW, reported.date())
            if status in PROBLEM_WORKFLOW.open_statuses
            else None,
        )
    return ProblemReport.objects.count()


def _demo_photo(seed: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("demo.jpg", picture_jpeg(seed=seed, size=(640, 427)))


def _budget(residents: list[Resident]) -> int:
    cycle, created = BudgetCycle.objects.get_or_create(
        year=2020,
        defaults={
            "budget": Decimal("1000000"),
            "project_cost_limit": Decimal("500000"),
            "votes_per_resident": 3,
            "submission_start": dt.date(2020, 3, 1),
            "submission_end": dt.date(2020, 4, 30),
            "review_end": dt.date(2020, 6, 15),
            "voting_start": dt.date(2020, 6, 20),
            "voting_end": dt.date(2020, 7, 20),
            "results_on": dt.date(2020, 7, 27),
        },
    )
    if not created:
        return cycle.projects.count()
    admin = get_user_model().objects.filter(username="admin").first()
    categories = {
        name: BudgetCategory.objects.create(cycle=cycle, name=name, votes_limit=2)
        for name in ("Благоустрій", "Спорт і освіта")
    }
    projects: list[tuple[BudgetProject, int]] = []
    for number, (title, category, district, cost, votes) in enumerate(PROJECTS):
        cost_value = Decimal(cost)
        # Over the cycle's limit it could not be submitted online: staff register it rejected.
        project = BudgetProject.objects.create(
            cycle=cycle,
            category=categories[category],
            author=residents[number],
            author_name=residents[number].full_name,
            title=title,
            description=f"{title}: опис проєкту, кошторис і фото місця.",
            district=district,
            location=district,
            cost=cost_value,
        )
        accept = cost_value <= cycle.project_cost_limit
        budget.review_project(
            project=project,
            accept=accept,
            notes="Реалізація можлива на комунальній землі." if accept else "",
            reason="" if accept else "Вартість перевищує граничну для одного проєкту.",
            user=admin,
        )
        # A photo of the place (private storage: served while the project is published).
        budget.add_project_photo(project=project, image=_demo_photo(300 + number), user=admin)
        projects.append((project, votes))
    voting_day = cycle.voting_start + dt.timedelta(days=3)
    verified = [r for r in residents if r.verified_at is not None]
    used: dict[int, list[BudgetProject]] = {voter.pk: [] for voter in verified}
    for project, votes in projects:
        # Each voter by the rules: 3 votes, at most 2 in a category.
        able = [
            voter
            for voter in verified
            if len(used[voter.pk]) < cycle.votes_per_resident
            and sum(p.category_id == project.category_id for p in used[voter.pk]) < 2
        ]
        for voter in able[:votes]:
            budget.cast_votes(
                resident=voter, cycle=cycle, project_ids=[project.pk], today=voting_day
            )
            used[voter.pk].append(project)
    BudgetVote.objects.filter(cycle=cycle).update(cast_at=_at(voting_day))
    BudgetProject.objects.filter(cycle=cycle).update(submitted_at=_at(dt.date(2020, 4, 10)))
    winners = budget.compute_results(cycle=cycle, user=admin)
    if winners:
        budget.add_milestone(
            project=winners[0],
            date=dt.date(2020, 9, 15),
            title="Укладено договір підряду",
            user=admin,
        )
        budget.add_milestone(
            project=winners[0],
            date=dt.date(2020, 11, 20),
            title="Майданчик встановлено і відкрито",
            user=admin,
            photo=_demo_photo(399),
            completes=True,
        )
    return cycle.projects.count()


def _comments(residents: list[Resident]) -> int:
    draft = consultations_selectors.drafts_open_for_comments().first()
    if draft is None or DraftComment.objects.filter(act=draft).exists():
        return DraftComment.objects.count()
    admin = get_user_model().objects.filter(username="admin").first()
    for resident, text, publish in [
        (residents[0], "Пропоную додати строки виконання і відповідальних.", True),
        (residents[1], "Підтримую проєкт, але варто провести громадські слухання.", True),
        (residents[2], "Реклама: купуйте наші вікна!", False),
    ]:
        comment = consultations.comment_on_draft(act=draft, resident=resident, text=text)
        consultations.moderate_comment(
            comment=comment,
            publish=publish,
            reason="" if publish else "Не стосується проєкту (реклама).",
            user=admin,
        )
    return DraftComment.objects.count()


def _pages() -> int:
    from hromada.portal.demo import ESTABLISHED, child
    from hromada.portal.models import HomePage, SectionPage

    home = HomePage.objects.first()
    if home is None:
        return 0
    section = SectionPage.objects.child_of(home).filter(title=SECTION).first()
    if section is None:
        return 0
    specs: list[tuple[type[Any], str, str]] = [
        (
            PetitionsPage,
            "Електронні петиції",
            "<p>Петиції до міської ради: подання, підписання і відповіді "
            "(Закон № 393/96-ВР, ст. 23-1).</p>",
        ),
        (
            ProblemsPage,
            "Відкрите місто",
            "<p>Повідомте про проблему в місті: її передадуть відповідальній службі.</p>",
        ),
        (
            BudgetPage,
            "Громадський бюджет",
            "<p>Проєкти жителів, голосування і переможці громадського бюджету.</p>",
        ),
        (
            ConsultationsPage,
            "Обговорення проєктів рішень",
            "<p>Коментарі жителів до проєктів рішень до їх розгляду.</p>",
        ),
    ]
    for number, (model, title, intro) in enumerate(specs):
        child(
            section,
            model,
            title=title,
            when=ESTABLISHED + dt.timedelta(days=1800 + number),
            intro=intro,
        )
    return len(specs)


__all__ = ["PetitionStatus", "load"]
