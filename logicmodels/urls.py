from django.urls import path

from logicmodels import views

app_name = "logicmodels"

PREFIX = "projects/<slug:slug>/logic-models/"
KIND = PREFIX + "<slug:kind>/"

urlpatterns = [
    path(PREFIX, views.model_list, name="model_list"),
    path(PREFIX + "start/", views.model_start, name="model_start"),
    path(PREFIX + "compare/", views.compare, name="compare"),
    path(KIND + "edit/", views.draft_edit, name="draft_edit"),
    path(KIND + "edit/rows/", views.draft_rows, name="draft_rows"),
    path(KIND + "new-version/", views.draft_new, name="draft_new"),
    path(KIND + "agree/", views.draft_agree, name="draft_agree"),
    path(KIND + "links/", views.links_edit, name="links_edit"),
    path(KIND + "links/<int:pk>/remove/", views.link_remove, name="link_remove"),
    path(KIND + "v<int:number>/", views.version_detail, name="version_detail"),
    path(KIND + "v<int:number>/diagram.svg", views.version_svg, name="version_svg"),
    path(
        "programmes/<slug:slug>/logic-model-questions/",
        views.crib_sheet,
        name="crib_sheet",
    ),
]
