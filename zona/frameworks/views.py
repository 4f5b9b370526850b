from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zona.core.scores import provisional_weight_codes, provisional_weights
from zona.orgs.access import reach

from .access import frameworks_for, get_framework_version_for
from .presenters import framework_tree


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = list(frameworks_for(request.user).order_by("code", "-loaded_at"))
    for v in versions:  # parsed once per process (by checksum)
        v.weights_provisional = bool(v.framework().provisional_marks)
    return render(request, "frameworks/list.html", {"versions": versions})


@login_required
def framework_detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = get_framework_version_for(request.user, code, version)
    framework = framework_version.framework()
    return render(
        request,
        "frameworks/detail.html",
        {
            "version": framework_version,
            "framework": framework,
            "tree": framework_tree(framework),
            "provisional_weights": provisional_weights(framework),
            "unsure": provisional_weight_codes(framework),
            "can_rescore": reach(request.user).everything,
        },
    )
