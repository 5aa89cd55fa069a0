from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

DAY = 24 * 3600


class ParticipationConfig(AppConfig):
    name = "hromada.participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    #: The components (README.md); each one's page type is in its ``pages.py``.
    PAGES = ("petitions", "problems", "consultations", "budget")

    def import_models(self) -> None:
        """Django imports ``models.py`` (the records); the page types live above them in the
        components' ``pages.py`` (their routes call the views), so they are imported here, in
        the same phase, and are registered before any app is ready."""
        super().import_models()
        for component in self.PAGES:
            import_module(f"{self.name}.{component}.pages")

    def ready(self) -> None:
        # Imported here, not at the top: Django loads the app config before any model exists.
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from hromada.core import roles, scheduler
        from hromada.correspondence.selectors import register_origin
        from hromada.participation import tasks
        from hromada.participation.budget import selectors
        from hromada.participation.budget.models import BudgetCategory, BudgetCycle, BudgetProject
        from hromada.participation.petitions.selectors import appeal_origins as petitions
        from hromada.participation.problems import maps
        from hromada.participation.problems.selectors import appeal_origins as problems

        register_origin(problems)
        register_origin(petitions)

        for model in (BudgetCycle, BudgetCategory, BudgetProject):
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.forget_voting,
                    sender=model,
                    dispatch_uid=f"participation-voting-{model.__name__}-{id(signal)}",
                )

        cases = {
            f"participation.{verb}_{model}"
            for verb in ("view", "change")
            for model in ("petition", "problemreport", "draftcomment")
        } | {f"participation.{verb}_consultationsummary" for verb in ("add", "view", "change")}
        budget = {
            f"participation.{verb}_{model}"
            for verb in ("add", "view", "change")
            for model in ("budgetcycle", "budgetproject")
        }
        categories = {f"participation.{verb}_problemcategory" for verb in ("add", "view", "change")}
        residents = {"participation.view_resident", "participation.change_resident"}
        roles.grant(roles.ADMINISTRATOR, {*cases, *budget, *categories, *residents})
        roles.grant(roles.MODERATOR, cases)
        roles.grant(roles.SPECIALIST, {*cases, *budget, *residents})
        checks.register(maps.check_leaflet, checks.Tags.staticfiles)
        scheduler.every(DAY, name="participation_archive_petitions", task=tasks.archive_petitions)
        scheduler.every(DAY, name="participation_reminders", task=tasks.send_reminders)
        scheduler.every(
            DAY, name="participation_problem_reminders", task=tasks.send_problem_reminders
        )
