"""Entry point: page setup and navigation. Run with ``streamlit run app.py``."""

import streamlit as st

st.set_page_config(
    page_title="North Africa smuggling routes",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/map:", default=True),
    st.Page(
        "pages/routes_hubs.py", title="Routes and hubs", icon=":material/route:", url_path="routes"
    ),
    st.Page(
        "pages/coverage.py", title="Country coverage", icon=":material/public:", url_path="coverage"
    ),
    st.Page(
        "pages/events.py", title="Events and timeline", icon=":material/event:", url_path="events"
    ),
    st.Page(
        "pages/data.py", title="Data and downloads", icon=":material/download:", url_path="data"
    ),
    st.Page(
        "pages/about.py", title="About and sources", icon=":material/menu_book:", url_path="about"
    ),
]

st.navigation(PAGES).run()
