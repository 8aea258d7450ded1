"""Views for the strategy, its tree of items, the principles and the pledge."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pledge.core.audit import history_for
from pledge.core.forms import run_service
from pledge.core.permissions import AuthenticatedHttpRequest, permission_required
from pledge.core.views import archive_or_restore, authority_or_404, posted, query_int
from pledge.strategy import services
from pledge.strategy.forms import MappingForm, PromiseForm, StrategyForm, StrategyItemForm
from pledge.strategy.models import PledgePromise, Principle, Strategy, StrategyItem
from pledge.strategy.selectors import (
    principle_coverage,
    promise_list,
    strategy_current,
    strategy_tree,
)

view_required = permission_required("strategy.view")
edit_required = permission_required("strategy.edit")


def _chosen_strategy(request: HttpRequest) -> Strategy | None:
    """The strategy named by ?strategy=, else the current one."""
    pk = query_int(request, "strategy")
    return get_object_or_404(Strategy, pk=pk) if pk is not None else strategy_current()


def _direction(request: HttpRequest) -> services.Direction:
    return "up" if request.POST.get("direction") == "up" else "down"


# Strategies -------------------------------------------------------------------------------------


@view_required
def strategy_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "strategy/strategy_list.html",
        {"strategies": Strategy.objects.all(), "current": strategy_current()},
    )


@view_required
def strategy_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(Strategy, pk=pk)
    show_archived = request.GET.get("archived") == "show"
    return render(
        request,
        "strategy/strategy_detail.html",
        {
            "strategy": strategy,
            "nodes": strategy_tree(strategy, include_archived=show_archived),
            "show_archived": show_archived,
            "coverage": principle_coverage(strategy),
            "history": history_for(strategy),
        },
    )


@edit_required
def strategy_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StrategyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        strategy = run_service(
            form,
            services.strategy_create,
            actor=request.user,
            authority=authority_or_404(),
            **form.cleaned_data,
        )
        if strategy:
            messages.success(request, f"{strategy} created. Now add its priorities.")
            return redirect("strategy:detail", pk=strategy.pk)
    return render(request, "strategy/strategy_form.html", {"form": form, "strategy": None})


@edit_required
def strategy_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(Strategy, pk=pk)
    initial = {name: getattr(strategy, name) for name in services.STRATEGY_FIELDS}
    form = StrategyForm(posted(request), initial=initial, strategy=strategy)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            services.strategy_update,
            actor=request.user,
            strategy=strategy,
            **form.cleaned_data,
        )
    ):
        messages.success(request, "Strategy updated")
        return redirect("strategy:detail", pk=strategy.pk)
    return render(request, "strategy/strategy_form.html", {"form": form, "strategy": strategy})


@edit_required
def strategy_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(Strategy, pk=pk)
    return archive_or_restore(
        request,
        record=strategy,
        archive=services.strategy_archive,
        restore=services.strategy_restore,
        back_url=reverse("strategy:detail", kwargs={"pk": pk}),
        consequence="It stays readable, with its priorities and history.",
        record_kwarg="strategy",
    )


# Items ------------------------------------------------------------------------------------------


@view_required
def item_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        StrategyItem.objects.select_related("strategy", "parent", "mapping_reviewed_by"), pk=pk
    )
    return render(
        request,
        "strategy/item_detail.html",
        {
            "item": item,
            "children": item.children.live(),
            "history": history_for(item),
        },
    )


@edit_required
def item_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    strategy = get_object_or_404(Strategy, pk=pk)
    parent_pk = query_int(request, "parent")
    parent = strategy.items.filter(pk=parent_pk).first() if parent_pk else None
    initial = {"parent": parent, "kind": "outcome" if parent else "priority"}
    form = StrategyItemForm(posted(request), initial=initial, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        item = run_service(
            form,
            services.strategy_item_create,
            actor=request.user,
            strategy=strategy,
            **form.cleaned_data,
        )
        if item:
            messages.success(request, f"{item} added. Now say which principles it answers.")
            return redirect("strategy:item-map", pk=item.pk)
    return render(
        request, "strategy/item_form.html", {"form": form, "strategy": strategy, "item": None}
    )


@edit_required
def item_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StrategyItem.objects.select_related("strategy"), pk=pk)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    form = StrategyItemForm(posted(request), initial=initial, strategy=item.strategy, item=item)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.strategy_item_update, actor=request.user, item=item, **form.cleaned_data
        )
    ):
        messages.success(request, f"{item} updated")
        return redirect("strategy:item", pk=item.pk)
    return render(
        request, "strategy/item_form.html", {"form": form, "strategy": item.strategy, "item": item}
    )


@edit_required
def item_map(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StrategyItem.objects.select_related("strategy__authority"), pk=pk)
    initial = {
        "principles": list(item.principles.all()),
        "promises": list(item.promises.all()),
        "reviewed": item.mapping_reviewed,
    }
    form = MappingForm(posted(request), initial=initial, item=item)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.strategy_item_map, actor=request.user, item=item, **form.cleaned_data
        )
    ):
        messages.success(request, f"Mapping for {item} saved")
        return redirect("strategy:item", pk=item.pk)
    return render(request, "strategy/item_map.html", {"form": form, "item": item})


@require_POST
@edit_required
def item_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StrategyItem, pk=pk)
    services.strategy_item_move(actor=request.user, item=item, direction=_direction(request))
    return redirect(reverse("strategy:detail", kwargs={"pk": item.strategy_id}) + f"#item-{pk}")


@edit_required
def item_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StrategyItem.objects.select_related("strategy", "parent"), pk=pk)
    return archive_or_restore(
        request,
        record=item,
        archive=services.strategy_item_archive,
        restore=services.strategy_item_restore,
        back_url=reverse("strategy:item", kwargs={"pk": pk}),
        consequence="It leaves the strategy with everything under it, and stays in their history.",
        record_kwarg="item",
    )


# Principles -------------------------------------------------------------------------------------


@view_required
def principles(request: AuthenticatedHttpRequest) -> HttpResponse:
    strategy = _chosen_strategy(request)
    return render(
        request,
        "strategy/principles.html",
        {"strategy": strategy, "coverage": principle_coverage(strategy)},
    )


@view_required
def principle_detail(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    principle = get_object_or_404(Principle, number=number)
    strategy = _chosen_strategy(request)
    items = principle.items.live().filter(strategy=strategy) if strategy else []
    return render(
        request,
        "strategy/principle_detail.html",
        {"principle": principle, "strategy": strategy, "items": items},
    )


# Pledge -----------------------------------------------------------------------------------------


@view_required
def pledge(request: AuthenticatedHttpRequest) -> HttpResponse:
    authority = authority_or_404()
    show_archived = request.GET.get("archived") == "show"
    return render(
        request,
        "strategy/pledge.html",
        {
            "promises": promise_list(authority, include_archived=show_archived).prefetch_related(
                "items"
            ),
            "show_archived": show_archived,
        },
    )


@view_required
def promise_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(PledgePromise, pk=pk)
    return render(
        request,
        "strategy/promise_detail.html",
        {
            "promise": promise,
            "items": promise.items.live().select_related("strategy"),
            "history": history_for(promise),
        },
    )


@edit_required
def promise_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PromiseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        promise = run_service(
            form,
            services.promise_create,
            actor=request.user,
            authority=authority_or_404(),
            **form.cleaned_data,
        )
        if promise:
            messages.success(request, "Promise added to the pledge")
            return redirect("strategy:pledge")
    return render(request, "strategy/promise_form.html", {"form": form, "promise": None})


@edit_required
def promise_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(PledgePromise, pk=pk)
    initial = {name: getattr(promise, name) for name in services.PROMISE_FIELDS}
    form = PromiseForm(posted(request), initial=initial, promise=promise)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form, services.promise_update, actor=request.user, promise=promise, **form.cleaned_data
        )
    ):
        messages.success(request, "Promise updated")
        return redirect("strategy:promise", pk=promise.pk)
    return render(request, "strategy/promise_form.html", {"form": form, "promise": promise})


@require_POST
@edit_required
def promise_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(PledgePromise, pk=pk)
    services.promise_move(actor=request.user, promise=promise, direction=_direction(request))
    return redirect(reverse("strategy:pledge") + f"#promise-{pk}")


@edit_required
def promise_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    promise = get_object_or_404(PledgePromise, pk=pk)
    return archive_or_restore(
        request,
        record=promise,
        archive=services.promise_archive,
        restore=services.promise_restore,
        back_url=reverse("strategy:promise", kwargs={"pk": pk}),
        consequence="It leaves the pledge; priorities that answered it keep that in their history.",
        record_kwarg="promise",
    )
