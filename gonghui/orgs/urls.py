from django.urls import path

from gonghui.orgs import tree_views, views

urlpatterns = [
    path("", views.org_tree, name="org_tree"),
    path("<int:pk>/", views.org_detail, name="org_detail"),
    path("tree/move/", tree_views.move, name="org_move"),
    path("tree/merge/", tree_views.merge, name="org_merge"),
]
