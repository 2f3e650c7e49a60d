from django.urls import path

from thitsa.publish import geo, review_dates, review_places, review_sources, review_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<str:public_id>/", views.incident_detail, name="incident-detail"),
    path("map/", views.map_page, name="map"),
    path("map/counts.json", geo.map_counts, name="map-counts"),
    path("map/townships.geojson", geo.townships_geojson, name="map-townships"),
    path("map/states.geojson", geo.states_geojson, name="map-states"),
    path("map/townships/<str:pcode>.geojson", geo.township_feature, name="map-township"),
    path("review/", review_views.queue, name="review-queue"),
    path("review/unpublished/", review_views.unpublished_list, name="review-unpublished"),
    path("review/log/", review_views.log, name="review-log"),
    path("review/places/", review_places.places, name="review-places"),
    path("review/places/check/", review_places.place_check, name="review-place"),
    path("review/places/set/", review_places.place_set, name="review-place-set"),
    path("review/sources/", review_sources.sources, name="review-sources"),
    path("review/sources/set/", review_sources.source_set, name="review-source-set"),
    path("review/dates/", review_dates.dates, name="review-dates"),
    path("review/dates/set/", review_dates.date_set, name="review-date-set"),
    path("review/<int:pk>/", review_views.decision_detail, name="review-decision"),
    path("review/<int:pk>/decide/", review_views.decide, name="review-decide"),
    path("review/incidents/<str:public_id>/", review_views.incident_review, name="review-incident"),
    path("review/incidents/<str:public_id>/split/", review_views.split, name="review-split"),
    path("review/incidents/<str:public_id>/merge/", review_views.merge, name="review-merge"),
    path("review/incidents/<str:public_id>/grade/", review_views.grade, name="review-grade"),
    path("review/incidents/<str:public_id>/publish/", review_views.publish, name="review-publish"),
    path("review/reports/<int:pk>/witness/", review_views.witness, name="review-witness"),
]
