"""Login form that tells a locked-out user when to try again; the password change form."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。连续失败5次，账户将锁定30分钟。",
    }

    def clean(self) -> dict[str, object]:
        try:
            return super().clean()
        except forms.ValidationError:
            locked_until = getattr(self.request, "locked_until", None)
            if locked_until is not None:
                local = timezone.localtime(locked_until)
                raise forms.ValidationError(
                    _("账户因多次登录失败已锁定，请于 %(time)s 之后再试。")
                    % {"time": local.strftime("%H:%M")},
                    code="locked",
                ) from None
            raise


class OwnPasswordChangeForm(PasswordChangeForm):
    """Old password, the new one twice, the site's password rules; the new must differ."""

    def clean(self) -> dict[str, object]:
        cleaned = super().clean()
        new = self.cleaned_data.get("new_password1")
        if new and "new_password2" not in self.errors and self.user.check_password(new):
            self.add_error(
                "new_password2",
                forms.ValidationError(_("新密码不能与原密码相同。"), code="password_unchanged"),
            )
        return cleaned
