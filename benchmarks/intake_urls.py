"""The portal's URLs plus /minimal/: the smallest Django form that saves a row (a group's
name), served by the same gunicorn as /report/ for benchmarks/intake.py."""

from django import forms
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import handler500
from config.urls import urlpatterns as portal_urlpatterns

PAGE = engines["django"].from_string(
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>最小表单</title>'
    "</head><body>{% if saved %}<p>已保存 {{ saved.pk }}</p>{% endif %}"
    '<form method="post">{{ form }}<button>提交</button></form></body></html>'
)


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name"]


@csrf_exempt  # like /report/, which has its own token instead of the CSRF cookie
def minimal_form(request):
    saved = None
    if request.method == "POST":
        form = GroupForm(request.POST)
        if form.is_valid():
            saved = form.save()
            form = GroupForm()
    else:
        form = GroupForm()
    return HttpResponse(PAGE.render({"form": form, "saved": saved}, request))


urlpatterns = [path("minimal/", minimal_form), *portal_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
