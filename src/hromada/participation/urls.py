"""Public URLs of the participation module outside Wagtail pages (mounted at the site root):
the resident's account (registration, e-mail confirmation, login, password reset, profile)
and the residents' photos of problem reports and budget projects, with the milestones' photos
(served from the private storage after a status check)."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path, reverse_lazy

from hromada.core.password_reset import (
    ResidentPasswordResetConfirmView,
    ResidentPasswordResetView,
)
from hromada.participation.budget import views as budget
from hromada.participation.problems import views as problems
from hromada.participation.residents import views as residents
from hromada.participation.residents.forms import LoginForm

app_name = "participation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("account/register/", residents.register, name="register"),
    path("account/confirm/<str:token>/", residents.confirm, name="confirm"),
    path("account/confirm-again/", residents.resend_confirmation, name="resend"),
    path("account/", residents.profile, name="profile"),
    path("account/delete/", residents.delete_account, name="delete"),
    path("account/vote/<int:year>/", budget.budget_vote, name="budget_vote"),
    path("account/e-id/", residents.eid_start, name="eid_start"),
    path("account/e-id/done/", residents.eid_done, name="eid_done"),
    path("account/my-data.json", residents.my_data, name="my_data"),
    path("problem-photos/<int:pk>/", problems.problem_photo, name="problem_photo"),
    path("budget-photos/<int:pk>/", budget.project_photo, name="project_photo"),
    path("budget-photos/milestone/<int:pk>/", budget.milestone_photo, name="milestone_photo"),
    path(
        "account/login/",
        residents.ResidentLoginView.as_view(
            template_name="participation/login.html",
            authentication_form=LoginForm,
            next_page=reverse_lazy("participation:profile"),
        ),
        name="login",
    ),
    path(
        "account/logout/",
        auth_views.LogoutView.as_view(next_page="/"),
        name="logout",
    ),
    path(
        "account/password-reset/",
        ResidentPasswordResetView.as_view(
            template_name="participation/password_reset.html",
            email_template_name="participation/email/password_reset.txt",
            subject_template_name="participation/email/password_reset_subject.txt",
            success_url=reverse_lazy("participation:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="participation/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "account/password-reset/<uidb64>/<token>/",
        ResidentPasswordResetConfirmView.as_view(
            template_name="participation/password_reset_confirm.html",
            success_url=reverse_lazy("participation:login"),
        ),
        name="password_reset_confirm",
    ),
]
